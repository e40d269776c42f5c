/**
 * Findings stay on their code while the user types: the server bundle over stdio, the demo feed,
 * an open demo file edited with incremental didChange notifications as an editor sends them.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import type { CodeLens, Diagnostic, Hover, MarkupContent, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { Commands } from '../../src/shared/commands';
import * as protocol from '../../src/shared/protocol';
import { startFeed } from '../../src/feed/server';
import { ServerUnderTest } from './lspClient';
import { admin, buildOnce, PROJECT, SEED_PATH, seedFindings, startWorld, workspaceUri, type World } from './world';

const findingIdOf = (d: Diagnostic) => (d.data as { findingId?: string } | undefined)?.findingId;

describe('anchoring in the language server', function () {
  this.timeout(30_000);
  const seed = seedFindings();
  let world: World;
  before(async () => {
    world = await startWorld();
    await world.server.waitForState('upToDate');
    await world.server.waitFor('the first findings published', () => world.server.publishes.length > 0 && true);
  });
  after(async () => world?.stop());

  /** A document the test opens and edits, with its version. */
  class OpenDocument {
    version = 1;
    constructor(readonly uri: string) {}

    /** Opens the demo file; resolves once the server has handled the open (and published what it changed). */
    static async open(relative: string): Promise<OpenDocument> {
      const doc = new OpenDocument(workspaceUri(relative));
      const text = readFileSync(URI.parse(doc.uri).fsPath, 'utf8');
      await world.server.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: doc.uri, languageId: 'typescript', version: 1, text },
      });
      // The server answers in order: once this answer is here, so is anything the open published.
      await doc.lenses();
      return doc;
    }

    /** Sends one incremental change and resolves with the next diagnostics published for this file. */
    async change(
      range: { start: { line: number; character: number }; end: { line: number; character: number } },
      text: string,
    ): Promise<Diagnostic[]> {
      const mark = world.server.publishes.length;
      this.version += 1;
      await world.server.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: this.uri, version: this.version },
        contentChanges: [{ range, text }],
      });
      return this.nextPublish(mark);
    }

    nextPublish(mark: number): Promise<Diagnostic[]> {
      return world.server
        .waitFor(`diagnostics of ${this.uri} after change ${this.version}`, () =>
          world.server.publishes.slice(mark).find((p: PublishDiagnosticsParams) => p.uri === this.uri),
        )
        .then((p) => p.diagnostics);
    }

    lenses(): Promise<CodeLens[]> {
      return world.server.codeLenses(this.uri);
    }

    async hover(line: number, character: number): Promise<string> {
      const hover = (await world.server.connection.sendRequest('textDocument/hover', {
        textDocument: { uri: this.uri },
        position: { line, character },
      })) as Hover | null;
      assert.ok(hover, `a hover at ${line}:${character}`);
      return (hover.contents as MarkupContent).value;
    }

    close(): Promise<void> {
      return world.server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: this.uri } });
    }
  }

  const lineOf = (diagnostics: Diagnostic[], id: string) => diagnostics.find((d) => findingIdOf(d) === id)?.range.start.line;
  const lensLineOf = (lenses: CodeLens[], id: string) =>
    lenses.find((l) => l.command?.command === Commands.showDetails && l.command.arguments?.[0] === id)?.range.start.line;
  const listed = async (id: string) => (await world.server.connection.sendRequest(protocol.listFindings)).find((i) => i.id === id);
  const at = (line: number, character = 0) => ({ line, character });

  /**
   * Resolves on the next findingsChanged (sent by the settling pass once typing pauses). This
   * world's findingsChanged handler becomes this one; no other wait of this file relies on it.
   */
  function nextFindingsChanged(timeoutMs = 5000): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        handler.dispose();
        reject(new Error(`no findingsChanged within ${timeoutMs} ms: the settling pass did not run`));
      }, timeoutMs);
      const handler = world.server.connection.onNotification(protocol.findingsChanged, () => {
        clearTimeout(timer);
        handler.dispose();
        resolve();
      });
    });
  }

  it('follows typing: lines inserted above, the flagged line deleted (lost, still listed), then restored', async () => {
    const f = seed.find((s) => s.location.path === 'src/routes/receipts.ts' && s.location.startLine === 27)!;
    const above = seed.find((s) => s.location.path === 'src/routes/receipts.ts' && s.location.startLine === 13)!;
    assert.ok(f && above, 'the demo seed flags receipts.ts at lines 13 and 27');
    const reported = f.location.startLine - 1;
    const doc = await OpenDocument.open(f.location.path);
    assert.equal(lineOf(world.server.diagnostics.get(doc.uri) ?? [], f.id), reported, 'anchored where the feed said');

    // Three lines typed between the two findings.
    let diagnostics = await doc.change({ start: at(20), end: at(20) }, '// one\n// two\n// three\n');
    assert.equal(lineOf(diagnostics, f.id), reported + 3, 'the finding below moved down with its code');
    assert.equal(lineOf(diagnostics, above.id), above.location.startLine - 1, 'the finding above stayed');
    assert.equal(lensLineOf(await doc.lenses(), f.id), reported + 3, 'its code lens too');
    const hover = await doc.hover(reported + 3, (f.location.startColumn ?? 1) + 1);
    assert.match(hover, /\*\*Location:\*\* moved 3 lines down/, hover);

    // The flagged line deleted: not drawn, still listed.
    const settled = nextFindingsChanged();
    diagnostics = await doc.change({ start: at(reported + 3), end: at(reported + 4) }, '');
    assert.equal(lineOf(diagnostics, f.id), undefined, 'a lost finding is not drawn');
    assert.equal(lineOf(diagnostics, above.id), above.location.startLine - 1);
    assert.equal(lensLineOf(await doc.lenses(), f.id), undefined, 'nor given a code lens');
    const lost = await listed(f.id);
    assert.equal(lost?.anchor, 'lost');
    assert.equal(lost?.line, reported, "listed at the feed's line");
    assert.equal((await world.server.connection.sendRequest(protocol.getFinding, { id: f.id }))?.anchor?.state, 'lost');
    const counts = world.server.lastStatus!.counts;
    assert.equal(counts.total + counts.resolved, seed.length, 'still counted');

    // The settling pass after the pause (it says the list may have changed) keeps it lost.
    await settled;
    assert.equal(lineOf(world.server.diagnostics.get(doc.uri)!, f.id), undefined);
    assert.equal((await listed(f.id))?.anchor, 'lost');

    // Undo: the line comes back.
    diagnostics = await doc.change({ start: at(reported + 3), end: at(reported + 3) }, `${f.location.snippet}\n`);
    assert.equal(lineOf(diagnostics, f.id), reported + 3, 'drawn again where it came back');
    assert.equal(lensLineOf(await doc.lenses(), f.id), reported + 3);
    assert.equal((await listed(f.id))?.anchor, 'moved');
    assert.equal((await listed(f.id))?.line, reported + 3);

    // The flagged line of the finding above edited: a best guess, drawn distinctly.
    const line = above.location.startLine - 1;
    const column = above.location.snippet!.indexOf('config.receiptsDir');
    diagnostics = await doc.change({ start: at(line, column), end: at(line, column + 'config.receiptsDir'.length) }, 'config.receiptsRoot');
    const guess = diagnostics.find((d) => findingIdOf(d) === above.id);
    assert.equal(guess?.range.start.line, line);
    assert.match(guess!.message, /^≈ /, 'an uncertain finding reads differently');
    assert.equal(guess!.severity, 1, 'and keeps its severity');
    const lenses = await doc.lenses();
    assert.ok(
      lenses.some((l) => l.range.start.line === line && /^Location uncertain: /.test(l.command?.title ?? '')),
      JSON.stringify(lenses),
    );
    assert.match(await doc.hover(line, column + 2), /\*\*Location uncertain:\*\* /);
    assert.equal((await listed(above.id))?.anchor, 'uncertain');

    // Closed: back to the feed's lines.
    const mark = world.server.publishes.length;
    await doc.close();
    const closed = await doc.nextPublish(mark);
    assert.equal(lineOf(closed, f.id), reported);
    assert.equal((await listed(f.id))?.anchor, 'exact');
  });

  it('places a finding whose snippet is 5 lines below its reported line where the code is, as moved', async () => {
    const path = 'src/db.ts';
    const snippet = '  const result = await pool.query<T>(text, params);';
    const actual = readFileSync(URI.parse(workspaceUri(path)).fsPath, 'utf8')
      .split('\n')
      .indexOf(snippet);
    assert.ok(actual >= 5, 'the demo file has the line');
    const finding = {
      id: 'moved-5',
      ruleId: 'js/sql-injection',
      title: 'Query text from a caller',
      message: 'The query text is not constant.',
      severity: 'medium',
      location: { path, startLine: actual + 1 - 5, snippet },
    };
    await admin(world.feed, 'POST', '/__admin/findings', { project: PROJECT, findings: [finding] });
    assert.equal((await world.server.syncNow()).ok, true);
    const closedLine = await world.server.waitFor("the closed file shows the feed's line", () =>
      lineOf(world.server.diagnostics.get(workspaceUri(path)) ?? [], finding.id),
    );
    assert.equal(closedLine, actual - 5);

    const mark = world.server.publishes.length;
    const doc = await OpenDocument.open(path);
    const diagnostics = await doc.nextPublish(mark);
    assert.equal(lineOf(diagnostics, finding.id), actual, 'published where the code is');
    assert.equal(diagnostics.find((d) => findingIdOf(d) === finding.id)?.message, finding.title, 'a confident move reads as usual');
    assert.equal((await listed(finding.id))?.anchor, 'moved');
    const details = await world.server.connection.sendRequest(protocol.getFinding, { id: finding.id });
    assert.equal(details?.anchor?.state, 'moved');
    assert.match(details!.anchor!.reason, /moved 5 lines down/);
    assert.equal(lensLineOf(await doc.lenses(), finding.id), actual);
    await doc.close();
  });
});

describe("anchoring with the file at the finding's commit (a git workspace)", function () {
  this.timeout(30_000);

  it('follows the code through the diff from the commit when the feed gives no snippet', async () => {
    buildOnce();
    const dir = mkdtempSync(nodePath.join(os.tmpdir(), 'fl-git-ws-'));
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd: dir, encoding: 'utf8' }).trim();
    const original = Array.from({ length: 10 }, (_, i) => `const v${i} = ${i};`).join('\n') + '\n';
    writeFileSync(nodePath.join(dir, 'a.ts'), original);
    git('init', '-q');
    git('add', 'a.ts');
    git('commit', '-q', '-m', 'scan');
    const commit = git('rev-parse', 'HEAD');
    const now = `// 1\n// 2\n// 3\n// 4\n${original}`;
    writeFileSync(nodePath.join(dir, 'a.ts'), now);

    const feed = await startFeed({ port: 0, host: '127.0.0.1', seed: SEED_PATH, log: () => undefined });
    const finding = {
      id: 'git-1',
      ruleId: 'js/x',
      title: 'Flagged at the commit',
      message: 'm',
      severity: 'low',
      commit,
      location: { path: 'a.ts', startLine: 6 },
    };
    await admin(feed, 'POST', '/__admin/findings', { project: PROJECT, findings: [finding] });
    const uri = URI.file(nodePath.join(dir, 'a.ts')).toString();
    const server = await ServerUnderTest.start({
      workspaceUri: URI.file(dir).toString(),
      settings: { feedUrl: feed.url, project: PROJECT, requestTimeout: 2, pollInterval: 3600 },
      token: feed.tokens.dana!,
    });
    try {
      const lineOf = () => server.diagnostics.get(uri)?.find((d) => findingIdOf(d) === finding.id)?.range.start.line;
      // Closed, the file differs from the commit: it is anchored from the disk (see closedFiles.test.ts), and stays there once open.
      await server.waitFor('the closed file anchored from the disk', () => lineOf() === 9);
      await server.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'typescript', version: 1, text: now },
      });
      await server.waitFor('the finding moved with its code', () => lineOf() === 9);
      const details = await server.connection.sendRequest(protocol.getFinding, { id: finding.id });
      assert.equal(details?.anchor?.state, 'moved');
      assert.match(details!.anchor!.reason, new RegExp(`moved 4 lines down: the code above changed since commit ${commit.slice(0, 7)}`));
    } finally {
      await server.stop();
      await feed.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
