/**
 * Files shown as a cold full sync goes: the server asks for the list in path order, and once a
 * page has moved past a file, that file's findings are published, before the feed has served the
 * last page. A feed that does not know the order gets the sync of before; a sync that fails after
 * showing files leaves them shown, as it leaves the open files' first look.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import * as protocol from '../../src/shared/protocol';
import { feedFinding, sendPage, type FeedRequest, type PageHandler } from './hostileFeed';
import { hostileServerPerTest } from './hostileServer';
import type { ServerUnderTest } from './lspClient';
import { workspaceUri } from './world';

const CONFIG = workspaceUri('src/config.ts');
const DB = workspaceUri('src/db.ts');
const SERVER = workspaceUri('src/server.ts');
const at = (id: string, file: string, line: number) => feedFinding(id, { location: { path: file, startLine: line } });
// The list in path order (src/config.ts < src/db.ts < src/server.ts), two pages: db.ts goes on in the second.
const PAGE_ONE = [at('c1', 'src/config.ts', 1), at('c2', 'src/config.ts', 2), at('d1', 'src/db.ts', 1)];
const PAGE_TWO = [at('d2', 'src/db.ts', 2), at('s1', 'src/server.ts', 1)];

/** What the editor shows, as `file id line`, sorted. */
function shown(server: ServerUnderTest): string[] {
  const rows: string[] = [];
  for (const [uri, diagnostics] of server.diagnostics) {
    for (const d of diagnostics as Diagnostic[])
      rows.push(`${path.basename(uri)} ${(d.data as { findingId: string }).findingId} ${d.range.start.line}`);
  }
  return rows.sort();
}

const asksPathOrder = (req: FeedRequest) => new URL(req.url, 'http://x').searchParams.get('order') === 'path';
const isFirstPage = (req: FeedRequest) => !new URL(req.url, 'http://x').searchParams.has('cursor');

/** A gate the feed waits at before answering, opened by the test once it saw what it waits for. */
function gate(): { open: () => void; opened: Promise<void> } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('language server: files shown as a cold full sync goes', function () {
  this.timeout(60_000);
  const servers = hostileServerPerTest('fl-order-');
  const serve = (handler: PageHandler) => servers.start(handler);

  it('publishes a closed file the feed has moved past before the feed serves the last page, and each file once', async () => {
    const lastPage = gate();
    const s = await serve((req, res) => {
      if (isFirstPage(req)) return sendPage(res, PAGE_ONE, { nextCursor: 'p2', order: asksPathOrder(req) ? 'path' : undefined });
      void lastPage.opened.then(() => sendPage(res, PAGE_TWO, { order: 'path' }));
    });
    await s.waitFor('config.ts shown while the feed holds the last page', () => s.diagnostics.get(CONFIG)?.length === 2);
    assert.equal(s.diagnostics.get(DB), undefined, 'db.ts may go on in the next page: not shown yet');
    assert.equal(s.syncsEnded.length, 0);
    lastPage.open();
    await s.waitFor('the sync', () => s.syncsEnded[0]);
    assert.equal(s.syncsEnded[0]!.result.ok, true);
    assert.equal(s.syncsEnded[0]!.result.changed, 5, 'every finding counted, those shown early too');
    assert.equal(s.syncsEnded[0]!.result.filesPublished, 3, 'every file counted, config.ts shown early too');
    assert.deepEqual(shown(s), ['config.ts c1 0', 'config.ts c2 1', 'db.ts d1 0', 'db.ts d2 1', 'server.ts s1 0']);
    for (const uri of [CONFIG, DB, SERVER]) assert.equal(s.publishes.filter((p) => p.uri === uri).length, 1, `${uri} sent once`);
    assert.equal(s.lastStatus?.counts.total, 5);
  });

  it('syncs as before with a feed that ignores the order: everything at the end, the same findings on the same lines', async () => {
    const lastPage = gate();
    // In change order, as a feed that does not know `order` answers.
    const s = await serve((req, res) => {
      if (isFirstPage(req)) return sendPage(res, [PAGE_TWO[1], PAGE_ONE[0], PAGE_TWO[0]], { nextCursor: 'p2' });
      void lastPage.opened.then(() => sendPage(res, [PAGE_ONE[2], PAGE_ONE[1]]));
    });
    await s.waitFor('the server to see the order was not honoured', () =>
      s.logs.find((l) => l.includes('does not serve the list in path order')),
    );
    assert.ok(asksPathOrder(servers.feed().pageRequests()[0]!), 'the full sync asked for path order');
    assert.equal(s.publishes.length, 0, 'nothing shown before the last page');
    lastPage.open();
    await s.waitFor('the sync', () => s.syncsEnded[0]);
    assert.deepEqual(shown(s), ['config.ts c1 0', 'config.ts c2 1', 'db.ts d1 0', 'db.ts d2 1', 'server.ts s1 0']);
    assert.ok(!s.logs.some((l) => l.startsWith('[warn]') && l.includes('path order')), s.logs.join('\n'));
  });

  it('leaves the files it showed shown when the sync then fails, as the first look, until the next good sync replaces them', async () => {
    const lastPage = gate();
    const s = await serve((req, res) => {
      if (isFirstPage(req)) return sendPage(res, PAGE_ONE, { nextCursor: 'p2', order: 'path' });
      const refuse = () => {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'invalid_cursor', message: 'no such cursor' } }));
      };
      void lastPage.opened.then(refuse);
    });
    await s.waitFor('config.ts shown', () => s.diagnostics.get(CONFIG)?.length === 2);
    lastPage.open();
    await s.waitFor('the failed sync', () => s.syncsEnded[0]);
    assert.equal(s.syncsEnded[0]!.result.ok, false);
    assert.equal(s.lastStatus?.state.kind, 'error');
    assert.deepEqual(shown(s), ['config.ts c1 0', 'config.ts c2 1'], 'what was shown stays; db.ts was never complete');

    // The feed is right again, and c2 is gone: the next sync (a warm one now) replaces everything.
    servers.feed().answer((req, res) => {
      if (isFirstPage(req)) return sendPage(res, [PAGE_ONE[0], PAGE_ONE[2]], { nextCursor: 'p2' });
      sendPage(res, PAGE_TWO);
    });
    const result = await s.connection.sendRequest(protocol.syncNow);
    assert.equal(result.ok, true);
    assert.deepEqual(shown(s), ['config.ts c1 0', 'db.ts d1 0', 'db.ts d2 1', 'server.ts s1 0']);
    const firstPages = servers.feed().pageRequests().filter(isFirstPage);
    assert.equal(firstPages.length, 2);
    assert.ok(!asksPathOrder(firstPages[1]!), 'a sync of a store that holds findings is as before: change order');
  });
});
