/**
 * A hostile or sloppy feed, over stdio: each bound holds (pages, findings, bytes, a looping cursor,
 * Retry-After), says so in the status and the log, and leaves the last good findings shown; ranges
 * and texts that reach the editor are valid and bounded; and where the meaning is plain (a number
 * revision, a byte order mark, a bare tombstone, an id sent twice) the feed is understood.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CodeLens, Diagnostic, Hover, MarkupContent, Range } from 'vscode-languageserver-protocol';
import type { URI } from 'vscode-uri';
import * as protocol from '../../src/shared/protocol';
import type { ServerSettings } from '../../src/shared/settings';
import { feedFinding, page, sendPage, startHostileFeed, type HostileFeed } from './hostileFeed';
import { ServerUnderTest } from './lspClient';
import { buildOnce, copyWorkspace, PROJECT, WORKSPACE, workspaceUri } from './world';

const DB = workspaceUri('src/db.ts');
const idOf = (d: Diagnostic) => (d.data as { findingId?: string } | undefined)?.findingId;
const MAX_UINTEGER = 2 ** 31 - 1;

/** The characters a trojan-source title hides behind. */
const HIDDEN = /[\u202A-\u202E\u2066-\u2069\u200B-\u200F\uFEFF]/;

interface Running {
  server: ServerUnderTest;
  stop(): Promise<void>;
}

async function serve(feed: HostileFeed, settings: Partial<ServerSettings> = {}, workspace: URI = WORKSPACE): Promise<Running> {
  buildOnce();
  const storagePath = mkdtempSync(path.join(os.tmpdir(), 'fl-hostile-'));
  const server = await ServerUnderTest.start({
    workspaceUri: workspace.toString(),
    settings: { feedUrl: feed.url, project: PROJECT, requestTimeout: 10, pollInterval: 3600, ...settings },
    storagePath,
    token: feed.token,
  });
  return {
    server,
    async stop() {
      await server.stop();
      rmSync(storagePath, { recursive: true, force: true });
    },
  };
}

/** The ids shown in `uri`, sorted. */
function shownIn(server: ServerUnderTest, uri: string): string[] {
  return (server.diagnostics.get(uri) ?? []).map((d) => idOf(d)!).sort();
}

function isValidRange(r: Range): boolean {
  const ok = (n: number) => Number.isInteger(n) && n >= 0 && n <= MAX_UINTEGER;
  const ordered = r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character);
  return ok(r.start.line) && ok(r.start.character) && ok(r.end.line) && ok(r.end.character) && ordered;
}

/** Every range this server ever published, in diagnostics and their related information. */
function everyPublishedRange(server: ServerUnderTest): Range[] {
  return server.publishes.flatMap((p) =>
    p.diagnostics.flatMap((d) => [d.range, ...(d.relatedInformation ?? []).map((r) => r.location.range)]),
  );
}

describe('a hostile or sloppy feed, over stdio', function () {
  this.timeout(60_000);

  describe('bounds on one sync', () => {
    let feed: HostileFeed;
    let run: Running;
    before(async () => {
      feed = await startHostileFeed(
        page([feedFinding('good-1'), feedFinding('good-2', { location: { path: 'src/db.ts', startLine: 2 } })]),
      );
      run = await serve(feed, { maxPagesPerSync: 10, maxFindingsPerSync: 1_000 });
      await run.server.waitFor(
        'the good findings shown and counted',
        () => shownIn(run.server, DB).length === 2 && run.server.lastStatus?.counts.total === 2,
      );
    });
    after(async () => {
      await run?.stop();
      await feed?.close();
    });

    /** Runs a Sync Now against `handler`; the sync must fail, keep the good findings, and say why in the status and the log. */
    async function stoppedSync(
      handler: Parameters<HostileFeed['answer']>[0],
      kind: protocol.SyncNoticeKind,
      message: RegExp,
    ): Promise<protocol.StatusParams> {
      const before = run.server.lastStatus!;
      feed.answer(handler);
      const mark = run.server.statuses.length;
      const publishes = run.server.publishes.length;
      const result = await run.server.syncNow();
      assert.equal(result.ok, false, JSON.stringify(result));
      assert.match(result.message ?? '', message);
      const status = await run.server.waitForState('error', mark);
      assert.match((status.state as { message: string }).message, message);
      assert.match((status.state as { message: string }).message, /last good sync/);
      assert.deepEqual(
        status.notices?.map((n) => n.kind),
        [kind],
      );
      assert.deepEqual(status.counts, before.counts, 'the counts are those of what stays shown');
      assert.equal(run.server.publishes.length, publishes, 'nothing re-published');
      assert.deepEqual(shownIn(run.server, DB), ['good-1', 'good-2'], 'the last good findings stay shown');
      assert.ok(
        run.server.logs.some((l) => message.test(l)),
        'the log says it',
      );
      return status;
    }

    it('stops a feed that hands out a new next-page cursor forever at the page bound', async () => {
      const status = await stoppedSync(
        (_req, res, n) => sendPage(res, [feedFinding(`endless-${n}`)], { nextCursor: `cursor-${n}` }),
        'pagesPerSync',
        /more than 10 pages in one sync/,
      );
      assert.equal(status.notices?.[0]?.setting, 'findingsLens.feed.maxPagesPerSync');
      assert.equal(
        feed.pageRequests().length > 0 && feed.requests.filter((r) => r.url.includes('cursor-')).length,
        9,
        'ten pages asked for, not one more',
      );
    });

    it('stops a feed that sends the same cursor twice', async () => {
      const before = feed.pageRequests().length;
      await stoppedSync((_req, res) => sendPage(res, [], { nextCursor: 'again' }), 'repeatedCursor', /same next-page cursor twice/);
      assert.equal(feed.pageRequests().length - before, 2);
    });

    it('stops a sync past the findings bound, and syncs again at once when the bound is raised', async () => {
      const many = (n: number) =>
        Array.from({ length: 600 }, (_, i) => feedFinding(`bulk-${n}-${i}`, { location: { path: 'src/config.ts', startLine: 1 } }));
      const handler = (_req: unknown, res: Parameters<typeof sendPage>[0], n: number) =>
        sendPage(res, many(n), { nextCursor: n === 1 ? 'second' : null });
      const status = await stoppedSync(handler, 'findingsPerSync', /more than 1,000 findings in one sync/);
      assert.equal(status.notices?.[0]?.setting, 'findingsLens.feed.maxFindingsPerSync');
      feed.answer(handler);
      const mark = run.server.statuses.length;
      await run.server.connection.sendNotification('workspace/didChangeConfiguration', {
        settings: {
          findingsLens: {
            feedUrl: feed.url,
            project: PROJECT,
            requestTimeout: 10,
            pollInterval: 3600,
            maxPagesPerSync: 10,
            maxFindingsPerSync: 2_000,
          },
        },
      });
      const synced = await run.server.waitForState('upToDate', mark);
      assert.equal(synced.counts.total, 1_202, 'the 1,200 of this sync and the 2 good ones (it is incremental)');
      assert.deepEqual(synced.notices, []);
    });

    it('stops reading an answer past the byte bound (spaces before valid JSON), keeps the findings, and gives memory back', async () => {
      feed.answer(page([feedFinding('good-1'), feedFinding('good-2', { location: { path: 'src/db.ts', startLine: 2 } })]));
      const mark = run.server.statuses.length;
      assert.equal((await run.server.syncNow()).ok, true);
      await run.server.waitForState('upToDate', mark);
      let stopped = false;
      await stoppedSync(
        (_req, res) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.on('close', () => (stopped = true));
          const spaces = Buffer.alloc(256 * 1024, 0x20);
          const pump = (): void => {
            while (!stopped && feed.bytesWritten() < 300 * 1048576) if (!res.write(spaces)) return void res.once('drain', pump);
            if (!stopped) res.end('{"findings":[],"nextCursor":null,"syncToken":"S9"}');
          };
          pump();
        },
        'responseBytes',
        /larger than 32 MB/,
      );
      assert.ok(feed.bytesWritten() < 100 * 1048576, `the server hung up after ${Math.round(feed.bytesWritten() / 1048576)} MB of 300`);
      await run.server.waitFor('memory given back after the refused answer', () =>
        run.server.logs.find((l) => /^memory given back after the failed sync/.test(l)),
      );
    });
  });

  describe('lenient where the meaning is plain', () => {
    let feed: HostileFeed;
    let run: Running;
    before(async () => {
      // A byte order mark before the JSON, and revisions as JSON numbers.
      feed = await startHostileFeed(
        page(
          [feedFinding('num-rev', { revision: 7 }), feedFinding('other', { revision: 3, location: { path: 'src/db.ts', startLine: 2 } })],
          { prefix: '\ufeff' },
        ),
      );
      run = await serve(feed);
    });
    after(async () => {
      await run?.stop();
      await feed?.close();
    });

    it('shows findings from a body with a byte order mark and number revisions, and echoes the revision in If-Match as received', async () => {
      await run.server.waitFor('both findings shown', () => shownIn(run.server, DB).length === 2);
      assert.equal(run.server.lastStatus?.counts.invalid, 0);
      const receipt = await run.server.connection.sendRequest(protocol.submitTriage, {
        findingId: 'num-rev',
        action: 'acknowledge',
        reason: 'will_fix',
        comment: '',
      });
      await run.server.waitFor('the decision synced', () => run.server.outboxEntry(receipt.id)?.state === 'synced');
      const post = feed.requests.find((r) => r.method === 'POST');
      assert.equal(post?.headers['if-match'], '7');
    });

    it('honours a withdrawal that carries only its id and status', async () => {
      feed.answer(page([{ id: 'other', status: 'withdrawn' }], { syncToken: 'S2' }));
      assert.equal((await run.server.syncNow()).ok, true);
      await run.server.waitFor('the withdrawn finding gone', () => !shownIn(run.server, DB).includes('other'));
      assert.equal(run.server.lastStatus?.counts.invalid, 0);
      assert.equal(await run.server.connection.sendRequest(protocol.getFinding, { id: 'other' }), null);
    });

    it('counts a finding sent twice in one sync once, and says duplicates were dropped', async () => {
      const dup = feedFinding('dup', { location: { path: 'src/db.ts', startLine: 3 } });
      feed.answer(page([dup, feedFinding('num-rev', { revision: 7 }), dup, { ...dup }], { syncToken: 'S3' }));
      const mark = run.server.statuses.length;
      assert.equal((await run.server.syncNow()).ok, true);
      const status = await run.server.waitForState('upToDate', mark);
      assert.deepEqual(shownIn(run.server, DB), ['dup', 'num-rev']);
      const rows = await run.server.connection.sendRequest(protocol.listFindings);
      assert.equal(rows.length, 2);
      assert.equal(status.counts.total + status.counts.resolved, rows.length, 'the status counts what is shown');
      assert.deepEqual(
        status.notices?.map((n) => n.kind),
        ['duplicateIds'],
      );
      assert.match(status.notices![0]!.message, /2 findings were sent more than once.*duplicates were dropped/);
      assert.ok(
        run.server.logs.some((l) => /sync: incremental, 1 page\(s\), 2 finding\(s\) \(2 duplicate id\(s\) dropped\)/.test(l)),
        run.server.logs.filter((l) => l.startsWith('sync:')).join('\n'),
      );
    });
  });

  describe('ranges the editor is given', () => {
    let feed: HostileFeed;
    let run: Running;
    let ws: ReturnType<typeof copyWorkspace>;
    const line = 'const s = "😀 café"; eval(input);';
    const at = line.indexOf('eval');
    before(async () => {
      ws = copyWorkspace();
      writeFileSync(path.join(ws.workspace.fsPath, 'src', 'unicode.ts'), `// first\n${line}\n`);
      const dbLine = "import { Pool, QueryResultRow } from 'pg';";
      feed = await startHostileFeed(
        page([
          feedFinding('inverted', { location: { path: 'src/db.ts', startLine: 3, startColumn: 10, endColumn: 3 } }),
          feedFinding('too-far', { location: { path: 'src/db.ts', startLine: 9007199254740991 } }),
          feedFinding('columns', { location: { path: 'src/db.ts', startLine: 2, startColumn: 10, endColumn: 14, snippet: dbLine } }),
          feedFinding('utf16', {
            location: {
              path: 'src/unicode.ts',
              startLine: 2,
              startColumn: at + 1,
              endColumn: at + 'eval(input)'.length + 1,
              snippet: line,
            },
          }),
        ]),
      );
      run = await serve(feed, {}, ws.workspace);
      await run.server.waitForState('upToDate');
    });
    after(async () => {
      await run?.stop();
      await feed?.close();
      ws?.remove();
    });

    const uri = (p: string) => workspaceUri(p, ws.workspace);

    it("sets aside an inverted range and a line past LSP's limit, with the reason", async () => {
      const status = await run.server.waitFor('a status', () => run.server.lastStatus);
      assert.equal(status.counts.invalid, 2);
      assert.ok(run.server.logs.some((l) => /invalid finding inverted set aside: location\.endColumn: ends before it starts/.test(l)));
      assert.ok(run.server.logs.some((l) => /invalid finding too-far set aside: location\.startLine: /.test(l)));
      assert.deepEqual(shownIn(run.server, uri('src/db.ts')), ['columns']);
    });

    it("keeps the feed's columns on an open file while the snippet still matches, as on a closed one", async () => {
      const closed = run.server.diagnostics.get(uri('src/db.ts'))!.find((d) => idOf(d) === 'columns')!;
      assert.deepEqual(closed.range, { start: { line: 1, character: 9 }, end: { line: 1, character: 13 } });
      const text = readFileSync(path.join(ws.workspace.fsPath, 'src', 'db.ts'), 'utf8');
      await run.server.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: uri('src/db.ts'), languageId: 'typescript', version: 1, text },
      });
      // The hover answers with the range the open file draws the finding at.
      assert.deepEqual(await hoverRange(uri('src/db.ts'), { line: 1, character: 11 }), closed.range);
      assert.deepEqual(
        run.server.diagnostics.get(uri('src/db.ts'))!.find((d) => idOf(d) === 'columns')?.range,
        closed.range,
        'published the same once open',
      );
    });

    async function hoverRange(at: string, position: { line: number; character: number }): Promise<Range | undefined> {
      const hover = (await run.server.connection.sendRequest('textDocument/hover', {
        textDocument: { uri: at },
        position,
      })) as Hover | null;
      return hover?.range;
    }

    it('counts columns in UTF-16 code units on a line with an emoji and an accent, closed and open', async () => {
      const closed = run.server.diagnostics.get(uri('src/unicode.ts'))!.find((d) => idOf(d) === 'utf16')!;
      assert.equal(line.slice(closed.range.start.character, closed.range.end.character), 'eval(input)');
      await run.server.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: uri('src/unicode.ts'), languageId: 'typescript', version: 1, text: `// first\n${line}\n` },
      });
      const range = await hoverRange(uri('src/unicode.ts'), { line: 1, character: at + 2 });
      assert.ok(range, 'a hover on the flagged characters');
      assert.equal(line.slice(range.start.character, range.end.character), 'eval(input)');
      assert.equal(await hoverRange(uri('src/unicode.ts'), { line: 1, character: 2 }), undefined, 'no hover before them');
    });

    it('never published an invalid range', () => {
      const ranges = everyPublishedRange(run.server);
      assert.ok(ranges.length >= 2);
      for (const r of ranges) assert.ok(isValidRange(r), JSON.stringify(r));
    });
  });

  describe('texts the editor shows', () => {
    let feed: HostileFeed;
    let run: Running;
    const title = `Fine\u202E gnp.exe \u200Bhidden ${'T'.repeat(5 * 1048576)}`;
    const message = `Look \u2066here\u2069. ${'M'.repeat(8 * 1048576)}`;
    const flow = Array.from({ length: 1_000 }, (_, i) => ({
      location: { path: 'src/db.ts', startLine: (i % 20) + 1 },
      message: `step \u202E${i}`,
    }));
    before(async () => {
      feed = await startHostileFeed(page([feedFinding('huge', { title, message, flow, ruleId: `rule\u202E${'r'.repeat(10_000)}` })]));
      run = await serve(feed);
      await run.server.waitFor('the finding shown', () => shownIn(run.server, DB).length === 1);
    });
    after(async () => {
      await run?.stop();
      await feed?.close();
    });

    it('caps the diagnostic message, its code and its related information, writing hidden characters out', async () => {
      const closed = run.server.diagnostics.get(DB)![0]!;
      assert.equal(closed.relatedInformation, undefined, 'a closed file has no related information');
      await run.server.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: DB, languageId: 'typescript', version: 1, text: readFileSync(URI_PATH(DB), 'utf8') },
      });
      const d = await run.server.waitFor('the open file with its related information', () =>
        run.server.diagnostics.get(DB)?.find((x) => x.relatedInformation !== undefined),
      );
      for (const shown of [closed, d]) {
        assert.ok(shown.message.length < 400, `message of ${shown.message.length} characters`);
        // Open, the anchor engine may place it as a best guess ("≈ ").
        assert.match(shown.message, /^(≈ )?Fine<U\+202E> gnp\.exe <U\+200B>hidden T+ … \(cut: the details panel shows it all\)$/);
        assert.ok(String(shown.code).length < 300 && !HIDDEN.test(String(shown.code)));
      }
      assert.equal(d.relatedInformation?.length, 51);
      assert.match(d.relatedInformation![50]!.message, /950 more related locations and flow steps: the details panel shows them all/);
      for (const r of d.relatedInformation!) assert.ok(!HIDDEN.test(r.message), r.message);
      await run.server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: DB } });
    });

    it('caps the hover and the lens, and the list row', async () => {
      const hover = (await run.server.connection.sendRequest('textDocument/hover', {
        textDocument: { uri: DB },
        position: { line: 0, character: 1 },
      })) as Hover;
      const value = (hover.contents as MarkupContent).value;
      assert.ok(value.length < 25_000, `hover of ${value.length} characters`);
      assert.match(value, /The message was cut at 20,000 characters: the details panel shows it all/);
      assert.ok(!HIDDEN.test(value));
      const text = readFileSync(URI_PATH(DB), 'utf8');
      await run.server.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: DB, languageId: 'typescript', version: 1, text },
      });
      const lenses = (await run.server.codeLenses(DB)) as CodeLens[];
      for (const lens of lenses) {
        assert.ok(lens.command!.title.length < 140, lens.command!.title);
        assert.ok(!HIDDEN.test(lens.command!.title));
      }
      assert.ok(lenses.some((l) => /… \(cut\)/.test(l.command!.title)));
      const [row] = await run.server.connection.sendRequest(protocol.listFindings);
      assert.ok(row!.title.length < 400 && row!.title.endsWith('(cut: the details panel shows it all)'));
      assert.ok(!HIDDEN.test(row!.title + row!.ruleId));
    });

    it('gives the details panel the whole finding', async () => {
      const details = await run.server.connection.sendRequest(protocol.getFinding, { id: 'huge' });
      assert.equal(details?.finding.title, title);
      assert.equal(details?.finding.message.length, message.length);
      assert.equal(details?.finding.flow?.length, 1_000);
    });
  });

  describe('Retry-After', () => {
    let feed: HostileFeed;
    let run: Running;
    before(async () => {
      feed = await startHostileFeed((_req, res) => {
        const text = JSON.stringify({ error: { code: 'rate_limited', message: 'slow down' } });
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '600', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      });
      run = await serve(feed);
    });
    after(async () => {
      await run?.stop();
      await feed?.close();
    });

    it('honours it for two minutes at most, and Sync Now answers at once with the time of the next try', async () => {
      const offline = await run.server.waitForState('offline');
      const state = offline.state as Extract<protocol.SyncState, { kind: 'offline' }>;
      const waited = Date.parse(state.retryAt!) - Date.parse(state.since);
      assert.ok(waited <= 121_000 && waited >= 100_000, `waits ${waited} ms, not 600 s`);
      const notices = await run.server.waitFor('the status saying the wait was cut', () =>
        run.server.lastStatus?.notices?.length ? run.server.lastStatus.notices : undefined,
      );
      assert.equal(notices[0]!.kind, 'retryAfter');
      assert.match(notices[0]!.message, /asked to wait 600 s \(Retry-After\); waiting 120 s at most, next try at \d\d:\d\d/);
      const started = Date.now();
      const result = await run.server.syncNow();
      assert.ok(Date.now() - started < 2_000, `answered in ${Date.now() - started} ms`);
      assert.equal(result.ok, false);
      assert.match(result.message ?? '', /^Rate limited by the feed, next try at \d\d:\d\d\. The findings shown are kept\.$/);
      const retryAt = new Date(state.retryAt!);
      assert.ok(
        result.message!.includes(`${String(retryAt.getHours()).padStart(2, '0')}:${String(retryAt.getMinutes()).padStart(2, '0')}`),
      );
      assert.equal(feed.pageRequests().length, 1, 'the feed was not asked again before its time');
    });
  });
});

function URI_PATH(uri: string): string {
  return new URL(uri).pathname;
}
