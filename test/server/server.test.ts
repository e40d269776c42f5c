/**
 * The language server bundle over stdio, against the reference feed: what a user would see in the
 * editor (diagnostics, code lenses, hovers, status) when the feed behaves and when it does not.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import MarkdownIt from 'markdown-it';
import type { Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { URI, Utils } from 'vscode-uri';
import { FINDING_COMMANDS, Commands } from '../../src/shared/commands';
import * as protocol from '../../src/shared/protocol';
import { cachePath } from '../../src/server/storage/cache';
import { ServerUnderTest } from './lspClient';
import {
  admin,
  EXPECTED_SEVERITY,
  PROJECT,
  seedFindings,
  startRecorder,
  startWorld,
  WORKSPACE,
  workspaceUri,
  type SeedFinding,
  type World,
} from './world';

const findingIdOf = (d: Diagnostic) => (d.data as { findingId?: string } | undefined)?.findingId;

/** The diagnostic of finding `id`, wherever it was published. */
function diagnosticOf(world: World, id: string): { uri: string; diagnostic: Diagnostic } | undefined {
  for (const [uri, diagnostics] of world.server.diagnostics) {
    const diagnostic = diagnostics.find((d) => findingIdOf(d) === id);
    if (diagnostic) return { uri, diagnostic };
  }
  return undefined;
}

/** Waits until every seed finding is shown with its severity on its line. */
function waitForSeedShown(world: World, findings: SeedFinding[]): Promise<true> {
  return world.server.waitFor('every demo finding published', () =>
    findings.every((f) => {
      const shown = diagnosticOf(world, f.id);
      return (
        shown?.uri === workspaceUri(f.location.path) &&
        shown.diagnostic.range.start.line === f.location.startLine - 1 &&
        shown.diagnostic.severity === EXPECTED_SEVERITY[f.severity]
      );
    }),
  );
}

function unescapeMarkdown(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

function filePathOf(uri: string): string {
  return URI.parse(uri).fsPath;
}

/** The text of one 1-based line of a demo workspace file. */
function lineOf(relativePath: string, line: number): string {
  return readFileSync(filePathOf(workspaceUri(relativePath)), 'utf8').split(/\r?\n/)[line - 1] ?? '';
}

describe('language server over stdio', function () {
  this.timeout(30_000);
  const seed = seedFindings();

  describe('with the demo feed', () => {
    let world: World;
    before(async () => {
      world = await startWorld();
      await world.server.waitForState('upToDate');
    });
    after(async () => world?.stop());

    it('publishes every demo finding with its severity on its line', async () => {
      assert.ok(seed.length >= 3, 'the demo seed has findings to show');
      await waitForSeedShown(world, seed);
      const status = world.server.lastStatus!;
      assert.equal(status.counts.invalid, 0);
      assert.equal(status.counts.rejectedPaths, 0);
      assert.equal(status.counts.total + status.counts.resolved, seed.length);
      assert.match((status.state as { at: string }).at, /^\d{4}-\d\d-\d\dT\d\d:\d\d/);
      for (const f of seed) {
        const { diagnostic } = diagnosticOf(world, f.id)!;
        assert.equal(diagnostic.source, 'Findings Lens');
        assert.equal(diagnostic.message, f.title);
        assert.equal(diagnostic.code, f.ruleId);
      }
    });

    it("puts code lenses on the findings' lines of an open document, with the fixed commands only", async () => {
      const f = seed[0]!;
      const uri = workspaceUri(f.location.path);
      const text = readFileSync(filePathOf(uri), 'utf8');
      await world.server.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'typescript', version: 1, text },
      });
      const lenses = await world.server.codeLenses(uri);
      const inFile = seed.filter((s) => s.location.path === f.location.path);
      for (const finding of inFile) {
        const details = lenses.find((l) => l.command?.command === Commands.showDetails && l.command.arguments?.[0] === finding.id);
        assert.ok(details, `a details lens for ${finding.id}`);
        assert.equal(details.range.start.line, finding.location.startLine - 1, `lens line of ${finding.id}`);
        assert.match(details.command!.title, new RegExp(`^${finding.severity}`, 'i'));
      }
      for (const lens of lenses) {
        assert.ok((FINDING_COMMANDS as readonly string[]).includes(lens.command!.command), lens.command!.command);
        assert.equal(lens.command!.arguments?.length, 1);
      }
      assert.ok(lenses.some((l) => l.command?.command === Commands.acknowledge));
    });

    it('shows a hover with the title and no command link, even when the feed writes one', async () => {
      const f = seed[0]!;
      const hostile = {
        id: 'hostile-hover',
        ruleId: 'js/[x](command:evil)',
        title: 'Click [here](command:workbench.action.terminal.new) <b>now</b>',
        message:
          'See [docs](command:evil), ![i](command:evil), <a href="command:x">a</a>, [ok](https://ok.example).\n\n[r]: vscode:extension/evil\n\n[r]',
        severity: 'high',
        location: { path: f.location.path, startLine: f.location.startLine },
      };
      await admin(world.feed, 'POST', '/__admin/findings', { project: PROJECT, findings: [hostile] });
      assert.equal((await world.server.syncNow()).ok, true);
      const uri = workspaceUri(f.location.path);
      const hover = (await world.server.connection.sendRequest('textDocument/hover', {
        textDocument: { uri },
        position: { line: f.location.startLine - 1, character: (f.location.startColumn ?? 1) - 1 },
      })) as Hover | null;
      assert.ok(hover, 'a hover on the flagged range');
      const value = (hover.contents as MarkupContent).value;
      assert.ok(unescapeMarkdown(value).includes(f.title), value);
      assert.ok(
        unescapeMarkdown(value).includes('Click [here](command:workbench.action.terminal.new)'),
        'the hostile title is shown as text',
      );
      assert.ok(!/\]\(\s*command:/i.test(value), value);
      const html = new MarkdownIt({ html: false, linkify: true }).render(value);
      const targets = [...html.matchAll(/(?:href|src)="([^"]*)"/g)].map((m) => m[1]!);
      assert.ok(targets.includes('https://ok.example'), 'the https link stays');
      for (const target of targets) assert.match(target, /^https:/, html);
      assert.ok(!/<b>|<img|href="(?!https)/.test(html), html);
      await admin(world.feed, 'POST', `/__admin/findings/hostile-hover/withdraw`);
      assert.equal((await world.server.syncNow()).ok, true);
    });

    it('answers getFinding with the finding and its file', async () => {
      const f = seed[0]!;
      const details = await world.server.connection.sendRequest(protocol.getFinding, { id: f.id });
      assert.equal(details?.finding.id, f.id);
      assert.equal(details?.uri, workspaceUri(f.location.path));
      assert.equal(await world.server.connection.sendRequest(protocol.getFinding, { id: 'no-such-finding' }), null);
    });

    it('after a feed change, re-publishes only the affected files with the new state', async () => {
      const [moved, withdrawn] = [seed[0]!, seed.find((s) => s.location.path !== seed[0]!.location.path) ?? seed[1]!];
      const addedPath =
        seed.map((s) => s.location.path).find((p) => p !== moved.location.path && p !== withdrawn.location.path) ?? moved.location.path;
      const untouchedFiles = new Set(seed.map((s) => workspaceUri(s.location.path)));
      const affected = new Set([moved, withdrawn].map((s) => workspaceUri(s.location.path)).concat(workspaceUri(addedPath)));
      for (const uri of affected) untouchedFiles.delete(uri);

      await admin(world.feed, 'POST', '/__admin/findings', {
        project: PROJECT,
        findings: [
          // A rescan that found the flaw one line lower: a real feed sends that line's own snippet with it.
          {
            id: moved.id,
            location: {
              path: moved.location.path,
              startLine: moved.location.startLine + 1,
              snippet: lineOf(moved.location.path, moved.location.startLine + 1),
            },
          },
          {
            id: 'added-1',
            ruleId: 'js/xss',
            title: 'Added by the test',
            message: 'new',
            severity: 'medium',
            location: { path: addedPath, startLine: 1 },
          },
        ],
      });
      await admin(world.feed, 'POST', `/__admin/findings/${encodeURIComponent(withdrawn.id)}/withdraw`);
      const mark = world.server.publishes.length;
      const endedMark = world.server.syncsEnded.length;
      const result = await world.server.syncNow();
      assert.equal(result.ok, true, result.message);
      assert.equal(result.notModified, false);
      assert.equal(result.changed, 3);
      // What changed, named: the new finding first, then the changed one, then the withdrawn one.
      assert.deepEqual(
        {
          new: result.changes?.new,
          changed: result.changes?.changed,
          withdrawn: result.changes?.withdrawn,
          findings: result.changes?.findings.map((f) => `${f.kind}:${f.id}`),
        },
        { new: 1, changed: 1, withdrawn: 1, findings: ['new:added-1', `changed:${moved.id}`, `withdrawn:${withdrawn.id}`] },
      );
      assert.equal(result.changes?.findings[0]?.title, 'Added by the test');
      const ended = await world.server.waitFor('the syncEnded notification of the Sync Now', () =>
        world.server.syncsEnded.slice(endedMark).find((e) => e.trigger === 'manual'),
      );
      assert.deepEqual(ended.result, result);

      const published = world.server.publishes.slice(mark).map((p) => p.uri);
      assert.ok(published.length > 0);
      for (const uri of published) assert.ok(affected.has(uri), `${uri} was re-published but is not affected`);
      assert.equal(result.filesPublished, new Set(published).size);
      assert.equal(diagnosticOf(world, moved.id)?.diagnostic.range.start.line, moved.location.startLine);
      assert.equal(diagnosticOf(world, 'added-1')?.diagnostic.severity, EXPECTED_SEVERITY.medium);
      assert.equal(diagnosticOf(world, withdrawn.id), undefined, 'the withdrawn finding is gone');

      // The first sync after a change may get an empty page (its ETag was for another query); the next gets a 304.
      const again = world.server.publishes.length;
      const empty = await world.server.syncNow();
      const notModified = await world.server.syncNow();
      assert.deepEqual([empty.ok, empty.changed, notModified.ok, notModified.changed], [true, 0, true, 0]);
      assert.equal(notModified.notModified, true, 'the feed answered 304');
      assert.equal(world.server.publishes.length, again, 'a sync with no change (304 included) re-publishes nothing');
    });

    it('asks the editor for code lenses again only when a change touches an open file', async () => {
      const opened = seed.find((s) => s.location.path === 'src/routes/webhooks.ts')!;
      const closed = seed.find((s) => s.location.path === 'worker/reports.py')!;
      const uri = workspaceUri(opened.location.path);
      await world.server.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'typescript', version: 1, text: readFileSync(filePathOf(uri), 'utf8') },
      });
      const retitle = async (f: SeedFinding, title: string) => {
        await admin(world.feed, 'POST', '/__admin/findings', { project: PROJECT, findings: [{ id: f.id, title }] });
        const result = await world.server.syncNow();
        assert.equal(result.ok, true, result.message);
        assert.equal(result.changed, 1);
      };
      // A refresh request is written before the reply to the sync that caused it (one ordered stream).
      const before = world.server.lensRefreshes;
      await retitle(closed, 'Retitled while its file is closed');
      assert.equal(world.server.lensRefreshes, before, 'no refresh for a change to a closed file (it asks for its lenses when shown)');
      await retitle(opened, 'Retitled while its file is open');
      assert.equal(world.server.lensRefreshes, before + 1, 'one refresh for a change to the open file');
      const details = (await world.server.codeLenses(uri)).find(
        (l) => l.command?.command === Commands.showDetails && l.command.arguments?.[0] === opened.id,
      );
      assert.match(details?.command?.title ?? '', /Retitled while its file is open/);

      await retitle(closed, closed.title);
      await retitle(opened, opened.title);
      await world.server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    });

    it('shows an acknowledged finding as a faded hint, and hides it with resolvedFindings "hide"', async () => {
      const f = seed.find((s) => s.id !== seed[0]!.id && diagnosticOf(world, s.id)) ?? seed[0]!;
      await admin(world.feed, 'POST', '/__admin/findings', { project: PROJECT, findings: [{ id: f.id, status: 'acknowledged' }] });
      assert.equal((await world.server.syncNow()).ok, true);
      const hint = diagnosticOf(world, f.id)?.diagnostic;
      assert.equal(hint?.severity, 4, 'Hint');
      assert.deepEqual(hint?.tags, [1], 'Unnecessary');
      const resolvedBefore = world.server.lastStatus!.counts.resolved;
      assert.ok(resolvedBefore >= 1);
      const showResolved = (resolvedFindings: 'hide' | 'hint') =>
        world.server.connection.sendNotification('workspace/didChangeConfiguration', {
          settings: {
            findingsLens: {
              feedUrl: world.feed.url,
              project: PROJECT,
              requestTimeout: 2,
              pollInterval: 3600,
              pushUpdates: false,
              resolvedFindings,
            },
          },
        });

      await showResolved('hide');
      await world.server.waitFor('the resolved finding hidden', () => diagnosticOf(world, f.id) === undefined);
      assert.equal(world.server.lastStatus!.counts.resolved, resolvedBefore, 'still counted as resolved');
      assert.equal((await world.server.connection.sendRequest(protocol.getFinding, { id: f.id }))?.finding.status, 'acknowledged');

      // A configuration change without our section (a pull-model client sends null) changes nothing.
      const mark = world.server.publishes.length;
      await world.server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      assert.equal((await world.server.syncNow()).ok, true, 'still configured');
      assert.equal(world.server.publishes.length, mark);
      await showResolved('hint');
      await world.server.waitFor('the resolved finding shown again', () => diagnosticOf(world, f.id));
    });

    it('reports bad settings by name and keeps the last good ones', async () => {
      const mark = world.server.problems.length;
      await world.server.connection.sendNotification('workspace/didChangeConfiguration', {
        settings: { findingsLens: { feedUrl: world.feed.url, project: PROJECT, pollInterval: 1 } },
      });
      const problem = await world.server.waitFor('a settings problem', () => world.server.problems[mark]);
      assert.match(problem.problems.join('\n'), /findingsLens\.pollInterval/);
      const result = await world.server.syncNow();
      assert.equal(result.ok, true, 'still syncing the same feed');
    });

    it('never logs the token', () => {
      for (const line of world.server.logs) assert.ok(!line.includes(world.token), line);
      assert.ok(!world.server.stderr.includes(world.token));
      assert.ok(
        world.server.logs.some((l) => /sync: (full|incremental)/.test(l)),
        'each sync is logged',
      );
    });
  });

  describe('with bad input from the feed', () => {
    let world: World;
    const invalidId = 'invalid-severity';
    before(async () => {
      world = await startWorld({
        prepare: async (feed) => {
          const base = { ruleId: 'js/path', title: 'Bad path', message: 'x', severity: 'high' };
          await admin(feed, 'POST', '/__admin/findings', {
            project: PROJECT,
            findings: [
              { ...base, id: 'climbs-out', location: { path: '../../etc/passwd', startLine: 1 } },
              { ...base, id: 'absolute', location: { path: '/etc/passwd', startLine: 1 } },
            ],
          });
          await admin(feed, 'POST', '/__admin/raw', { project: PROJECT, finding: { id: invalidId, severity: 'catastrophic', title: 42 } });
        },
        // The faults here are counted per request: the event stream's own requests and the syncs it
        // asks for (the one after it opens) would take them in the test's place.
        settings: { pushUpdates: false },
      });
      await world.server.waitForState('upToDate');
    });
    after(async () => world?.stop());
    afterEach(async () => {
      await admin(world.feed, 'DELETE', '/__admin/faults');
    });

    it('sets aside the invalid finding and the refused paths, and shows the rest', async () => {
      await waitForSeedShown(world, seed);
      const { counts } = world.server.lastStatus!;
      assert.equal(counts.invalid, 1);
      assert.equal(counts.rejectedPaths, 2);
      for (const id of ['climbs-out', 'absolute', invalidId]) assert.equal(diagnosticOf(world, id), undefined, `${id} is never shown`);
      const root = workspaceUri('');
      for (const p of world.server.publishes) assert.ok(p.uri.startsWith(root), `published outside the workspace: ${p.uri}`);
      assert.ok(
        world.server.logs.some((l) => l.includes('climbs-out') && /refused/.test(l)),
        'the refused path is logged with its id',
      );
      assert.ok(
        world.server.logs.some((l) => l.includes(invalidId)),
        'the invalid finding is logged with its id',
      );
    });

    for (const kind of ['not-json', 'truncated'] as const) {
      it(`keeps the findings when the body is ${kind}, and says so`, async () => {
        await admin(world.feed, 'PUT', '/__admin/faults', { body: { kind, count: 1 } });
        const mark = world.server.publishes.length;
        const statusMark = world.server.statuses.length;
        const result = await world.server.syncNow();
        assert.equal(result.ok, false);
        const status = await world.server.waitForState('error', statusMark);
        assert.match((status.state as { message: string }).message, /not valid findings JSON/);
        assert.equal(world.server.publishes.length, mark, 'nothing re-published');
        await waitForSeedShown(world, seed);
      });
    }

    it('on 401 shows unauthorized and keeps the findings until a new token comes', async () => {
      await admin(world.feed, 'PUT', '/__admin/faults', { forceStatus: { status: 401, count: 1, paths: 'all' } });
      const mark = world.server.publishes.length;
      const statusMark = world.server.statuses.length;
      const result = await world.server.syncNow();
      assert.equal(result.ok, false);
      await world.server.waitForState('unauthorized', statusMark);
      assert.equal(world.server.publishes.length, mark);
      await waitForSeedShown(world, seed);
      const recovered = world.server.statuses.length;
      await world.server.connection.sendNotification(protocol.setToken, { token: world.token });
      await world.server.waitForState('upToDate', recovered);
    });

    it('on 429 with Retry-After goes offline, then recovers', async () => {
      await admin(world.feed, 'PUT', '/__admin/faults', { forceStatus: { status: 429, count: 1, retryAfter: 1, paths: 'all' } });
      const statusMark = world.server.statuses.length;
      const result = await world.server.syncNow();
      assert.equal(result.ok, true, result.message);
      const offline = await world.server.waitForState('offline', statusMark);
      const state = offline.state as Extract<protocol.SyncState, { kind: 'offline' }>;
      assert.ok(state.retryAt, 'the retry time is shown');
      const waited = Date.parse(state.retryAt) - Date.parse(state.since);
      assert.ok(waited >= 900 && waited <= 2000, `Retry-After 1 s honoured (retry planned ${waited} ms after the failure)`);
      await world.server.waitForState('upToDate', statusMark);
      await waitForSeedShown(world, seed);
    });

    it('on 500 goes offline, then recovers', async () => {
      await admin(world.feed, 'PUT', '/__admin/faults', { forceStatus: { status: 500, count: 1, paths: 'all' } });
      const statusMark = world.server.statuses.length;
      const result = await world.server.syncNow();
      assert.equal(result.ok, true, result.message);
      await world.server.waitForState('offline', statusMark);
      await world.server.waitForState('upToDate', statusMark);
    });

    it('on a hung request times out, goes offline with the findings kept, then recovers', async () => {
      await admin(world.feed, 'PUT', '/__admin/faults', { hang: { count: 1 } });
      const mark = world.server.publishes.length;
      const statusMark = world.server.statuses.length;
      const result = await world.server.syncNow();
      assert.equal(result.ok, true, result.message);
      const offline = await world.server.waitForState('offline', statusMark);
      assert.match((offline.state as { message: string }).message, /in time/);
      assert.equal(world.server.publishes.length, mark, 'the findings were never cleared');
      await world.server.waitForState('upToDate', statusMark);
    });
  });

  describe('when the feed points elsewhere', () => {
    let world: World;
    let recorder: Awaited<ReturnType<typeof startRecorder>>;
    before(async () => {
      recorder = await startRecorder();
      world = await startWorld();
      await world.server.waitForState('upToDate');
    });
    after(async () => {
      await world?.stop();
      await recorder?.close();
    });

    const neverGotToken = () => {
      for (const r of recorder.requests) {
        assert.ok(!JSON.stringify(r).includes(world.token), `the other origin received the token: ${JSON.stringify(r)}`);
      }
    };

    for (const [what, fault] of [
      ['a redirect', (url: string) => ({ redirectTo: url })],
      ['a nextCursor on another origin', (url: string) => ({ nextCursorBase: url })],
    ] as const) {
      it(`refuses ${what} without sending the token there, and keeps the findings`, async () => {
        // A change, so the incremental sync gets a page (not a 304) to carry the fault.
        await admin(world.feed, 'POST', '/__admin/findings', {
          project: PROJECT,
          findings: [{ id: seed[0]!.id, title: `${seed[0]!.title} (${what})` }],
        });
        await admin(world.feed, 'PUT', '/__admin/faults', fault(recorder.url));
        const mark = world.server.publishes.length;
        const statusMark = world.server.statuses.length;
        const result = await world.server.syncNow();
        await admin(world.feed, 'DELETE', '/__admin/faults');
        assert.equal(result.ok, false, 'the sync is refused');
        const status = await world.server.waitForState('error', statusMark);
        assert.match((status.state as { message: string }).message, /another server/);
        assert.equal(world.server.publishes.length, mark);
        neverGotToken();
      });
    }
  });

  describe('when the workspace folders change', () => {
    it("moves the findings to the project's new folder and clears the old files", async () => {
      const world = await startWorld();
      const elsewhere = URI.file(mkdtempSync(path.join(os.tmpdir(), 'fl-folder-')));
      try {
        await waitForSeedShown(world, seed);
        const oldFiles = new Set(seed.map((f) => workspaceUri(f.location.path)));
        await world.server.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
          event: {
            added: [{ uri: elsewhere.toString(), name: 'elsewhere' }],
            removed: [{ uri: WORKSPACE.toString(), name: 'demo-workspace' }],
          },
        });
        await world.server.waitFor('every finding in the new folder, none in the old', () => {
          const moved = seed.every((f) =>
            (world.server.diagnostics.get(Utils.joinPath(elsewhere, ...f.location.path.split('/')).toString()) ?? []).some(
              (d) => findingIdOf(d) === f.id,
            ),
          );
          const cleared = [...oldFiles].every((uri) => (world.server.diagnostics.get(uri) ?? []).length === 0);
          return moved && cleared;
        });
      } finally {
        await world.stop();
        rmSync(elsewhere.fsPath, { recursive: true, force: true });
      }
    });
  });

  describe('with a cache from an earlier session', () => {
    it('shows the cached findings at start, before the feed answers', async () => {
      const storagePath = mkdtempSync(path.join(os.tmpdir(), 'fl-cache-'));
      const first = await startWorld({ storagePath });
      let second: ServerUnderTest | undefined;
      try {
        await waitForSeedShown(first, seed);
        await first.server.waitFor('the cache written', () => first.server.logs.find((l) => /findings cache saved/.test(l)));
        await first.server.stop();
        // The feed now hangs every request: whatever the new server shows comes from the cache.
        await admin(first.feed, 'PUT', '/__admin/faults', { hang: {} });
        second = await ServerUnderTest.start({
          workspaceUri: WORKSPACE.toString(),
          settings: { feedUrl: first.feed.url, project: PROJECT, requestTimeout: 2, pollInterval: 3600 },
          storagePath,
          token: first.token,
        });
        await waitForSeedShown({ ...first, server: second }, seed);
        assert.notEqual(second.lastStatus?.state.kind, 'upToDate', 'shown before any sync ended');
        assert.ok(second.logs.some((l) => /cached finding/.test(l)));
      } finally {
        await second?.stop();
        await admin(first.feed, 'DELETE', '/__admin/faults');
        await first.stop();
        rmSync(storagePath, { recursive: true, force: true });
      }
    });

    it('ignores a corrupt cache, says so, and syncs', async () => {
      const storagePath = mkdtempSync(path.join(os.tmpdir(), 'fl-cache-'));
      const world = await startWorld({
        storagePath,
        prepare: async (feed) => writeFileSync(cachePath(storagePath, feed.url, PROJECT), '{"version":1,"findings":[{"id":'),
      });
      try {
        await waitForSeedShown(world, seed);
        assert.ok(
          world.server.logs.some((l) => /cache ignored/.test(l)),
          'the corrupt cache is reported',
        );
      } finally {
        await world.stop();
        rmSync(storagePath, { recursive: true, force: true });
      }
    });
  });
});
