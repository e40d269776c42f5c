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
import type { Diagnostic, Hover, Range } from 'vscode-languageserver-protocol';
import type { URI } from 'vscode-uri';
import * as protocol from '../../src/shared/protocol';
import type { ServerSettings } from '../../src/shared/settings';
import { feedFinding, page, startHostileFeed, type HostileFeed } from './hostileFeed';
import { ServerUnderTest } from './lspClient';
import { buildOnce, copyWorkspace, PROJECT, WORKSPACE, workspaceUri } from './world';

const DB = workspaceUri('src/db.ts');
const idOf = (d: Diagnostic) => (d.data as { findingId?: string } | undefined)?.findingId;
const MAX_UINTEGER = 2 ** 31 - 1;

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
  return server.publishes.flatMap((p) => p.diagnostics.flatMap((d) => [d.range, ...(d.relatedInformation ?? []).map((r) => r.location.range)]));
}

describe('a hostile or sloppy feed, over stdio', function () {
  this.timeout(60_000);

  describe('lenient where the meaning is plain', () => {
    let feed: HostileFeed;
    let run: Running;
    before(async () => {
      // A byte order mark before the JSON, and revisions as JSON numbers.
      feed = await startHostileFeed(page([feedFinding('num-rev', { revision: 7 }), feedFinding('other', { revision: 3, location: { path: 'src/db.ts', startLine: 2 } })], { prefix: '\ufeff' }));
      run = await serve(feed);
    });
    after(async () => {
      await run?.stop();
      await feed?.close();
    });

    it('shows findings from a body with a byte order mark and number revisions, and echoes the revision in If-Match as received', async () => {
      await run.server.waitFor('both findings shown', () => shownIn(run.server, DB).length === 2);
      assert.equal(run.server.lastStatus?.counts.invalid, 0);
      const receipt = await run.server.connection.sendRequest(protocol.submitTriage, { findingId: 'num-rev', action: 'acknowledge', reason: 'will_fix', comment: '' });
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
      assert.ok(run.server.logs.some((l) => /sync: incremental, 1 page\(s\), 2 finding\(s\) \(2 duplicate id\(s\) dropped\)/.test(l)), run.server.logs.filter((l) => l.startsWith('sync:')).join('\n'));
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
      const dbLine = 'import { Pool, QueryResultRow } from \'pg\';';
      feed = await startHostileFeed(
        page([
          feedFinding('inverted', { location: { path: 'src/db.ts', startLine: 3, startColumn: 10, endColumn: 3 } }),
          feedFinding('too-far', { location: { path: 'src/db.ts', startLine: 9007199254740991 } }),
          feedFinding('columns', { location: { path: 'src/db.ts', startLine: 2, startColumn: 10, endColumn: 14, snippet: dbLine } }),
          feedFinding('utf16', { location: { path: 'src/unicode.ts', startLine: 2, startColumn: at + 1, endColumn: at + 'eval(input)'.length + 1, snippet: line } }),
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

    it('sets aside an inverted range and a line past LSP\'s limit, with the reason', async () => {
      const status = await run.server.waitFor('a status', () => run.server.lastStatus);
      assert.equal(status.counts.invalid, 2);
      assert.ok(run.server.logs.some((l) => /invalid finding inverted set aside: location\.endColumn: ends before it starts/.test(l)));
      assert.ok(run.server.logs.some((l) => /invalid finding too-far set aside: location\.startLine: /.test(l)));
      assert.deepEqual(shownIn(run.server, uri('src/db.ts')), ['columns']);
    });

    it('keeps the feed\'s columns on an open file while the snippet still matches, as on a closed one', async () => {
      const closed = run.server.diagnostics.get(uri('src/db.ts'))!.find((d) => idOf(d) === 'columns')!;
      assert.deepEqual(closed.range, { start: { line: 1, character: 9 }, end: { line: 1, character: 13 } });
      const text = readFileSync(path.join(ws.workspace.fsPath, 'src', 'db.ts'), 'utf8');
      await run.server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('src/db.ts'), languageId: 'typescript', version: 1, text } });
      // The hover answers with the range the open file draws the finding at.
      assert.deepEqual(await hoverRange(uri('src/db.ts'), { line: 1, character: 11 }), closed.range);
      assert.deepEqual(run.server.diagnostics.get(uri('src/db.ts'))!.find((d) => idOf(d) === 'columns')?.range, closed.range, 'published the same once open');
    });

    async function hoverRange(at: string, position: { line: number; character: number }): Promise<Range | undefined> {
      const hover = (await run.server.connection.sendRequest('textDocument/hover', { textDocument: { uri: at }, position })) as Hover | null;
      return hover?.range;
    }

    it('counts columns in UTF-16 code units on a line with an emoji and an accent, closed and open', async () => {
      const closed = run.server.diagnostics.get(uri('src/unicode.ts'))!.find((d) => idOf(d) === 'utf16')!;
      assert.equal(line.slice(closed.range.start.character, closed.range.end.character), 'eval(input)');
      await run.server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('src/unicode.ts'), languageId: 'typescript', version: 1, text: `// first\n${line}\n` } });
      const range = await hoverRange(uri('src/unicode.ts'), { line: 1, character: at + 2 });
      assert.ok(range, 'a hover on the flagged characters');
      assert.equal(line.slice(range.start.character, range.end.character), 'eval(input)');
      assert.equal((await hoverRange(uri('src/unicode.ts'), { line: 1, character: 2 })), undefined, 'no hover before them');
    });

    it('never published an invalid range', () => {
      const ranges = everyPublishedRange(run.server);
      assert.ok(ranges.length >= 2);
      for (const r of ranges) assert.ok(isValidRange(r), JSON.stringify(r));
    });
  });
});
