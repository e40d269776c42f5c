/**
 * The open files first: with nothing cached, the server asks the feed for the open files' findings
 * (`?path=`) before the whole list, and shows them before the full sync is over. The list's first
 * page is asked for once the look is answered (or after a short cap), not beside it.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { startFeed, type RunningFeed } from '../../src/feed/server';
import { feedFinding, sendPage, type FeedRequest, type PageHandler } from './hostileFeed';
import { hostileServerPerTest } from './hostileServer';
import type { LoggedRequest } from '../../src/feed/requestLog';
import * as protocol from '../../src/shared/protocol';
import { ServerUnderTest } from './lspClient';
import { admin, buildOnce, PROJECT, SEED_PATH, seedFindings, WORKSPACE, workspaceUri } from './world';

describe('language server: the open files first', function () {
  this.timeout(60_000);
  const opened = 'src/config.ts';
  let feed: RunningFeed;
  let server: ServerUnderTest | undefined;
  let storagePath: string;

  beforeEach(async () => {
    buildOnce();
    // Two findings a page, each answer 150 ms late: the full sync takes about ten answers.
    feed = await startFeed({ port: 0, host: '127.0.0.1', seed: SEED_PATH, pageSize: 2, log: () => undefined });
    await admin(feed, 'PUT', '/__admin/faults', { latencyMs: 150 });
    storagePath = mkdtempSync(path.join(os.tmpdir(), 'fl-first-'));
  });
  afterEach(async () => {
    await server?.stop();
    await feed.close();
    rmSync(storagePath, { recursive: true, force: true });
  });

  async function startWithOpenFile(): Promise<ServerUnderTest> {
    const started = await ServerUnderTest.start({
      workspaceUri: WORKSPACE.toString(),
      settings: { feedUrl: feed.url, project: PROJECT, requestTimeout: 5, pollInterval: 3600 },
      storagePath,
    });
    const uri = workspaceUri(opened);
    const text = readFileSync(URI.parse(uri).fsPath, 'utf8');
    await started.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'typescript', version: 1, text },
    });
    await started.connection.sendNotification(protocol.setToken, { token: feed.tokens.dana! });
    return started;
  }

  const findingsRequests = async () =>
    ((await admin(feed, 'GET', '/__admin/requests')) as LoggedRequest[]).filter((r) => r.path.endsWith('/findings'));

  it("asks for the open file's findings first and shows them before the full sync is over", async () => {
    const expected = seedFindings().filter((f) => f.location.path === opened && f.status !== 'withdrawn').length;
    assert.ok(expected > 2, 'the open file has more findings than one page of the full sync');
    server = await startWithOpenFile();
    const uri = workspaceUri(opened);
    await server.waitFor('the open file shown', () => (server!.diagnostics.get(uri)?.length ?? 0) > 0);
    assert.equal(server.diagnostics.get(uri)?.length, expected, 'every finding of the open file at once');
    const fullPagesBefore = (await findingsRequests()).filter((r) => r.query.path === undefined).length;
    const first = (await findingsRequests())[0];
    assert.equal(first?.query.path, opened, 'the first findings request is for the open file');

    await server.waitFor('the full sync', () => server!.syncsEnded[0]);
    const ended = server.syncsEnded[0]!;
    assert.equal(ended.result.ok, true);
    assert.equal(ended.result.changes, undefined, 'the first look is not announced as news');
    const fullPages = (await findingsRequests()).filter((r) => r.query.path === undefined).length;
    assert.ok(fullPagesBefore < fullPages, `shown after ${fullPagesBefore} of the full sync's ${fullPages} pages were asked for`);
    assert.equal(server.diagnostics.get(uri)?.length, expected, 'the full sync shows the same');
    const all = seedFindings().filter((f) => f.status !== 'withdrawn').length;
    const shown = [...server.diagnostics.values()].reduce((n, d) => n + d.length, 0);
    assert.equal(shown, all, 'then every finding of the project');
    assert.equal((await findingsRequests()).filter((r) => r.query.path !== undefined).length, 1, 'one first look per full sync');
  });

  it('goes on with its sync when the editor hands over the same token again', async () => {
    server = await startWithOpenFile();
    const uri = workspaceUri(opened);
    await server.waitFor('the open file shown', () => (server!.diagnostics.get(uri)?.length ?? 0) > 0);
    // VS Code's client hands the token over on start and whenever its secret store says it changed.
    await server.connection.sendNotification(protocol.setToken, { token: feed.tokens.dana! });
    await server.waitFor('the full sync', () => server!.syncsEnded[0]);
    assert.equal(server.syncsEnded[0]!.result.ok, true);
    const requests = await findingsRequests();
    assert.equal(requests.filter((r) => r.query.path !== undefined).length, 1, 'one first look');
    assert.equal(
      requests.filter((r) => r.query.path === undefined && r.query.cursor === undefined).length,
      1,
      'the full list started once',
    );
    assert.equal(server.logs.filter((line) => line.includes('cancelled')).length, 0, server.logs.join('\n'));
  });
});

describe("language server: the whole list waits for the open files' first look", function () {
  this.timeout(60_000);
  const opened = 'src/config.ts';
  const inOpened = (id: string, line: number) => feedFinding(id, { location: { path: opened, startLine: line } });
  const servers = hostileServerPerTest('fl-look-');

  /** A server with `opened` open, then the token: the cold full sync starts with the file's first look. */
  async function startWith(handler: PageHandler): Promise<ServerUnderTest> {
    const server = await servers.start(handler, { token: false });
    const uri = workspaceUri(opened);
    await server.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'typescript', version: 1, text: readFileSync(URI.parse(uri).fsPath, 'utf8') },
    });
    await server.connection.sendNotification(protocol.setToken, { token: servers.feed().token });
    return server;
  }
  const isLook = (req: FeedRequest) => new URL(req.url, 'http://x').searchParams.has('path');

  it('asks for the first page of the list only once the first look is answered, not beside it', async () => {
    const events: string[] = [];
    const s = await startWith((req, res) => {
      if (!isLook(req)) {
        events.push('list asked');
        return sendPage(res, [inOpened('c1', 1), inOpened('c2', 2), feedFinding('d1')]);
      }
      events.push('look asked');
      // A feed slow to answer the look (what the list's first page, asked beside it, made it).
      setTimeout(() => {
        events.push('look answered');
        sendPage(res, [inOpened('c1', 1), inOpened('c2', 2)]);
      }, 300);
    });
    await s.waitFor('the full sync', () => s.syncsEnded[0]);
    assert.equal(s.syncsEnded[0]!.result.ok, true);
    assert.deepEqual(events, ['look asked', 'look answered', 'list asked']);
    assert.equal(s.diagnostics.get(workspaceUri(opened))?.length, 2);
  });

  it('drops what the look showed and the list no longer has once the list has moved past the file, before the last page', async () => {
    let lastPageAsked!: () => void;
    const lastPage = new Promise<void>((resolve) => (lastPageAsked = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const s = await startWith((req, res) => {
      // The look: c1 and c9; by the time the list is read, the feed has withdrawn c9.
      if (isLook(req)) return sendPage(res, [inOpened('c1', 1), inOpened('c9', 9)]);
      const cursor = new URL(req.url, 'http://x').searchParams.get('cursor');
      if (cursor === null) {
        const db = feedFinding('d1', { location: { path: 'src/db.ts', startLine: 1 } });
        return sendPage(res, [inOpened('c1', 1), inOpened('c2', 2), db], { nextCursor: 'p2', order: 'path' });
      }
      lastPageAsked();
      void released.then(() =>
        sendPage(res, [feedFinding('s1', { location: { path: 'src/server.ts', startLine: 1 } })], { order: 'path' }),
      );
    });
    const ids = () =>
      ((s.diagnostics.get(workspaceUri(opened)) ?? []) as Diagnostic[]).map((d) => (d.data as { findingId: string }).findingId).sort();
    await lastPage;
    await s.waitFor('the open file shown as the list has it, while the feed holds the last page', () => ids().join() === 'c1,c2');
    assert.equal(s.syncsEnded.length, 0, 'the sync is not over');
    release();
    await s.waitFor('the full sync', () => s.syncsEnded[0]);
    assert.equal(s.syncsEnded[0]!.result.ok, true);
    assert.deepEqual(ids(), ['c1', 'c2']);
  });

  it('asks for the list anyway when the look is not answered (a feed that keeps it waiting)', async () => {
    const s = await startWith((req, res) => {
      // The look is never answered: the server gives up on it at the sync's end.
      if (isLook(req)) return;
      sendPage(res, [inOpened('c1', 1), feedFinding('d1')]);
    });
    await s.waitFor('the full sync', () => s.syncsEnded[0]);
    assert.equal(s.syncsEnded[0]!.result.ok, true);
    assert.equal(s.diagnostics.get(workspaceUri(opened))?.length, 1, 'the list shows the open file');
    assert.equal(s.diagnostics.get(workspaceUri('src/db.ts'))?.length, 1);
  });
});
