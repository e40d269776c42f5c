/**
 * Whole syncs against a small paged feed on loopback: full and incremental, 304, findings set
 * aside, cursors that try to lead elsewhere, and retries of failures that go away.
 */
import { strict as assert } from 'node:assert';
import type * as http from 'node:http';
import type { BackoffPolicy } from '../../../../src/server/feed/backoff';
import { FeedClient } from '../../../../src/server/feed/client';
import { FeedRequestError } from '../../../../src/server/feed/errors';
import { syncFindings, withRetry, type SyncOutcome } from '../../../../src/server/feed/sync';
import { finding, listen, rejection, sendJson, type Loopback, type Recorded } from './loopback';

const TOKEN = 'sync-token-abc123';
const FAST: BackoffPolicy = { baseMs: 5, capMs: 20, retryAfterCapMs: 20 };

/** A feed of `findings`, served `pageSize` at a time; the cursor is the next index. `page` adds fields to each page. */
function pagedFeed(findings: unknown[], pageSize: number, syncToken = 'S2', etag = '"E2"', page: Record<string, unknown> = {}) {
  return (req: Recorded, res: http.ServerResponse): void => {
    const query = new URL(req.url, 'http://x').searchParams;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    const start = Number(query.get('cursor') ?? '0');
    const end = Math.min(start + pageSize, findings.length);
    const nextCursor = end < findings.length ? String(end) : null;
    sendJson(res, 200, { findings: findings.slice(start, end), nextCursor, syncToken, ...page }, start === 0 ? { etag } : {});
  };
}

function complete(outcome: SyncOutcome): Exclude<SyncOutcome, { kind: 'notModified' }> {
  assert.notEqual(outcome.kind, 'notModified');
  return outcome as Exclude<SyncOutcome, { kind: 'notModified' }>;
}

describe('syncFindings', function () {
  this.timeout(10_000);
  const servers: Loopback[] = [];
  const logs: string[] = [];

  async function server(handler: Parameters<typeof listen>[0]): Promise<Loopback> {
    const s = await listen(handler);
    servers.push(s);
    return s;
  }
  const client = (url: string, timeoutMs = 2_000) =>
    new FeedClient({ baseUrl: url, token: TOKEN, timeoutMs, log: (level, msg) => logs.push(`${level} ${msg}`) });

  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
    for (const line of logs) assert.ok(!line.includes(TOKEN), `the log holds the token: ${line}`);
    logs.length = 0;
  });

  it('asks for the next page before validating the one it has, and still fails the sync on a bad next page', async () => {
    const events: string[] = [];
    const pages = [
      { findings: [finding('F-1')], nextCursor: 'c2', syncToken: 'S' },
      { findings: [finding('F-2')], nextCursor: 'c3', syncToken: 'S' },
      { findings: [finding('F-3')], nextCursor: null, syncToken: 'S' },
    ];
    const fake = {
      findingsPage: async (_project: string, q: { cursor?: string }) => {
        events.push(`get ${q.cursor ?? 'first'}`);
        const page = pages[q.cursor === undefined ? 0 : Number(q.cursor.slice(1)) - 1]!;
        return { notModified: false as const, page, bytes: 10 };
      },
    } as unknown as FeedClient;
    const outcome = complete(await syncFindings(fake, 'acme', undefined, { onPage: (n) => events.push(`page ${n}`) }));
    assert.deepEqual(events, ['get first', 'get c2', 'page 1', 'get c3', 'page 2', 'page 3']);
    assert.deepEqual(
      outcome.findings.map((f) => f.id),
      ['F-1', 'F-2', 'F-3'],
    );

    const failing = {
      findingsPage: async (_project: string, q: { cursor?: string }) => {
        if (q.cursor !== undefined) throw new FeedRequestError('network', 'the feed went away');
        return { notModified: false as const, page: pages[0]!, bytes: 10 };
      },
    } as unknown as FeedClient;
    await assert.rejects(syncFindings(failing, 'acme', undefined), /the feed went away/);
  });

  it('runs a full sync over 3 pages and returns every finding, in order, with the new cursor', async () => {
    const all = ['F-1', 'F-2', 'F-3', 'F-4', 'F-5'].map((id) => finding(id));
    const s = await server(pagedFeed(all, 2));
    const pagesSeen: [number, number][] = [];
    const outcome = complete(
      await syncFindings(client(s.url), 'acme', undefined, { limit: 2, onPage: (n, count) => pagesSeen.push([n, count]) }),
    );
    assert.equal(outcome.kind, 'full');
    assert.deepEqual(
      outcome.findings.map((f) => f.id),
      ['F-1', 'F-2', 'F-3', 'F-4', 'F-5'],
    );
    assert.deepEqual(outcome.invalid, []);
    assert.equal(outcome.pages, 3);
    assert.deepEqual(pagesSeen, [
      [1, 2],
      [2, 2],
      [3, 1],
    ]);
    assert.deepEqual(outcome.cursor, { syncToken: 'S2', etag: '"E2"' });
    assert.ok(outcome.bytes > 0);
    assert.deepEqual(
      s.requests.map((r) => r.url),
      ['/v1/projects/acme/findings?limit=2', '/v1/projects/acme/findings?cursor=2&limit=2', '/v1/projects/acme/findings?cursor=4&limit=2'],
    );
    assert.ok(
      s.requests.every((r) => r.headers['if-none-match'] === undefined),
      'a full sync is unconditional',
    );
  });

  it('asks a full sync for path order on its first page only, and hands on each page kept with the order it says', async () => {
    const all = ['F-1', 'F-2', 'F-3'].map((id) => finding(id));
    // A feed that honours it says so on every page.
    const s = await server(pagedFeed(all, 2, 'S2', '"E2"', { order: 'path' }));
    const pages: Array<{ n: number; ids: string[]; order: string | undefined; last: boolean }> = [];
    const onKept = (p: { n: number; kept: readonly { id: string }[]; order: 'path' | undefined; last: boolean }) =>
      pages.push({ n: p.n, ids: p.kept.map((f) => f.id), order: p.order, last: p.last });
    assert.equal((await syncFindings(client(s.url), 'acme', undefined, { limit: 2, order: 'path', onKept })).kind, 'full');
    assert.deepEqual(
      s.requests.map((r) => r.url),
      ['/v1/projects/acme/findings?limit=2&order=path', '/v1/projects/acme/findings?cursor=2&limit=2'],
    );
    assert.deepEqual(pages, [
      { n: 1, ids: ['F-1', 'F-2'], order: 'path', last: false },
      { n: 2, ids: ['F-3'], order: 'path', last: true },
    ]);
    await syncFindings(client(s.url), 'acme', { syncToken: 'S1' }, { limit: 2, order: 'path' });
    assert.equal(s.requests[2]!.url, '/v1/projects/acme/findings?since=S1&limit=2', 'never on an incremental sync');
  });

  it('runs an incremental sync since the last token and reports 304 as notModified', async () => {
    const s = await server(pagedFeed([finding('F-1')], 10));
    const outcome = await syncFindings(client(s.url), 'acme', { syncToken: 'S2', etag: '"E2"' });
    assert.deepEqual(outcome, { kind: 'notModified' });
    assert.equal(s.requests.length, 1);
    assert.equal(s.requests[0]!.url, '/v1/projects/acme/findings?since=S2');
    assert.equal(s.requests[0]!.headers['if-none-match'], '"E2"');
  });

  it("returns an incremental sync's changes, tombstones included", async () => {
    const s = await server(pagedFeed([finding('F-1', { revision: 'r2' }), finding('F-2', { status: 'withdrawn' })], 10, 'S3', '"E3"'));
    const outcome = complete(await syncFindings(client(s.url), 'acme', { syncToken: 'S2', etag: '"E2"' }));
    assert.equal(outcome.kind, 'incremental');
    assert.deepEqual(
      outcome.findings.map((f) => [f.id, f.status]),
      [
        ['F-1', 'open'],
        ['F-2', 'withdrawn'],
      ],
    );
    assert.deepEqual(outcome.cursor, { syncToken: 'S3', etag: '"E3"' });
  });

  it('sets a schema-invalid finding aside with its id and first problem, and keeps the others', async () => {
    const s = await server(pagedFeed([finding('F-1'), finding('F-bad', { location: { path: 'a.ts', startLine: -3 } }), finding('F-3')], 2));
    const outcome = complete(await syncFindings(client(s.url), 'acme', undefined));
    assert.deepEqual(
      outcome.findings.map((f) => f.id),
      ['F-1', 'F-3'],
    );
    assert.equal(outcome.invalid.length, 1);
    assert.equal(outcome.invalid[0]!.id, 'F-bad');
    assert.match(outcome.invalid[0]!.problem, /^location\.startLine: /);
  });

  it('aborts the whole sync when a later page fails, returning nothing half-done', async () => {
    const all = [finding('F-1'), finding('F-2'), finding('F-3')];
    const serve = pagedFeed(all, 1);
    const s = await server((req, res) =>
      req.url.includes('cursor=2') ? sendJson(res, 500, { error: { code: 'boom', message: 'page 3 failed' } }) : serve(req, res),
    );
    const err = await rejection(syncFindings(client(s.url), 'acme', undefined));
    assert.ok(err instanceof FeedRequestError);
    assert.equal(err.kind, 'server');
    assert.equal(s.requests.length, 3);
  });

  it('follows a nextCursor URL on the same origin', async () => {
    let base = '';
    const s = await server((req, res) => {
      if (req.url.startsWith('/v1/projects/acme/findings?page=2'))
        sendJson(res, 200, { findings: [finding('F-2')], nextCursor: null, syncToken: 'S' });
      else sendJson(res, 200, { findings: [finding('F-1')], nextCursor: `${base}/v1/projects/acme/findings?page=2`, syncToken: 'S' });
    });
    base = s.url;
    const outcome = complete(await syncFindings(client(s.url), 'acme', undefined));
    assert.deepEqual(
      outcome.findings.map((f) => f.id),
      ['F-1', 'F-2'],
    );
    assert.equal(s.requests[1]!.url, '/v1/projects/acme/findings?page=2');
  });

  it('refuses a nextCursor pointing at another listener: it never receives a request, nor the token', async () => {
    const elsewhere = await server((_req, res) => sendJson(res, 200, { findings: [finding('F-evil')], nextCursor: null, syncToken: 'S' }));
    const s = await server((_req, res) =>
      sendJson(res, 200, { findings: [finding('F-1')], nextCursor: `${elsewhere.url}/v1/projects/acme/findings?cursor=2`, syncToken: 'S' }),
    );
    const err = await rejection(syncFindings(client(s.url), 'acme', undefined));
    assert.ok(err instanceof FeedRequestError);
    assert.equal(err.kind, 'badOrigin');
    assert.match(err.message, /token was not sent/);
    assert.equal(elsewhere.requests.length, 0);
    assert.ok(elsewhere.requests.every((r) => r.headers.authorization === undefined));
  });

  it('refuses a protocol-relative nextCursor on another host the same way', async () => {
    const elsewhere = await server((_req, res) => sendJson(res, 200, { findings: [], nextCursor: null, syncToken: 'S' }));
    const hostPort = new URL(elsewhere.url).host;
    const s = await server((_req, res) => sendJson(res, 200, { findings: [], nextCursor: `//${hostPort}/v1/x`, syncToken: 'S' }));
    assert.equal(((await rejection(syncFindings(client(s.url), 'acme', undefined))) as FeedRequestError).kind, 'badOrigin');
    assert.equal(elsewhere.requests.length, 0);
  });

  it('stops a feed that hands out the same cursor forever', async () => {
    const s = await server((_req, res) => sendJson(res, 200, { findings: [], nextCursor: 'again', syncToken: 'S' }));
    const err = (await rejection(syncFindings(client(s.url), 'acme', undefined))) as FeedRequestError;
    assert.equal(err.kind, 'limit');
    assert.equal(err.limit, 'repeatedCursor');
    assert.equal(s.requests.length, 2);
  });

  it('stops a feed that hands out a new cursor forever at the page bound, before asking for one more', async () => {
    let n = 0;
    const s = await server((_req, res) => sendJson(res, 200, { findings: [finding(`F-${n}`)], nextCursor: `c${++n}`, syncToken: 'S' }));
    const err = (await rejection(syncFindings(client(s.url), 'acme', undefined, { maxPages: 5 }))) as FeedRequestError;
    assert.equal(err.kind, 'limit');
    assert.equal(err.limit, 'pagesPerSync');
    assert.match(err.message, /more than 5 pages.*findingsLens\.feed\.maxPagesPerSync/);
    assert.equal(s.requests.length, 5);
  });

  it('stops a sync past the findings bound, counting what the feed sent (valid or not)', async () => {
    const serve = pagedFeed([...Array.from({ length: 6 }, (_, i) => finding(`F-${i}`)), { id: 'bad' }], 3);
    const s = await server(serve);
    const err = (await rejection(syncFindings(client(s.url), 'acme', undefined, { maxFindings: 6 }))) as FeedRequestError;
    assert.equal(err.limit, 'findingsPerSync');
    assert.match(err.message, /more than 6 findings/);
    const ok = await syncFindings(client(s.url), 'acme', undefined, { maxFindings: 7 });
    assert.equal(ok.kind === 'notModified' ? -1 : ok.findings.length, 6);
  });
});

describe('withRetry', function () {
  this.timeout(10_000);
  const servers: Loopback[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
  });

  /** A feed that answers the first `failures` requests with `fail`, then a one-page sync. */
  async function flaky(failures: number, fail: (res: http.ServerResponse) => void): Promise<Loopback> {
    const serve = pagedFeed([finding('F-1')], 10);
    const s = await listen((req, res) => (s.requests.length <= failures ? fail(res) : serve(req, res)));
    servers.push(s);
    return s;
  }
  const client = (url: string) => new FeedClient({ baseUrl: url, token: TOKEN, timeoutMs: 2_000 });

  it('waits out a 429 with Retry-After (capped by the policy), then succeeds', async () => {
    const s = await flaky(1, (res) =>
      sendJson(res, 429, { error: { code: 'rate_limited', message: 'slow down' } }, { 'retry-after': '3' }),
    );
    const retries: { kind: string; retryAfterMs?: number; delayMs: number; attempt: number }[] = [];
    const c = client(s.url);
    const outcome = complete(
      await withRetry(() => syncFindings(c, 'acme', undefined), {
        maxAttempts: 3,
        policy: FAST,
        onRetry: (err, delayMs, attempt) => retries.push({ kind: err.kind, retryAfterMs: err.retryAfterMs, delayMs, attempt }),
      }),
    );
    assert.deepEqual(
      outcome.findings.map((f) => f.id),
      ['F-1'],
    );
    assert.deepEqual(retries, [{ kind: 'rateLimited', retryAfterMs: 3000, delayMs: 20, attempt: 1 }]);
    assert.equal(s.requests.length, 2);
  });

  it('retries a 500 and then succeeds', async () => {
    const s = await flaky(2, (res) => sendJson(res, 500, { error: { code: 'internal', message: 'oops' } }));
    const attempts: number[] = [];
    const c = client(s.url);
    const outcome = complete(
      await withRetry(
        (attempt) => {
          attempts.push(attempt);
          return syncFindings(c, 'acme', undefined);
        },
        { maxAttempts: 5, policy: FAST, random: () => 0.5 },
      ),
    );
    assert.equal(outcome.findings.length, 1);
    assert.deepEqual(attempts, [0, 1, 2]);
  });

  it('gives up after maxAttempts with the last error', async () => {
    const s = await flaky(10, (res) => sendJson(res, 503, { error: { code: 'down', message: 'down' } }));
    const err = (await rejection(withRetry(() => client(s.url).me(), { maxAttempts: 3, policy: FAST }))) as FeedRequestError;
    assert.equal(err.kind, 'server');
    assert.equal(s.requests.length, 3);
  });

  it('does not retry what retrying cannot fix (401)', async () => {
    const s = await flaky(10, (res) => sendJson(res, 401, { error: { code: 'unauthorized', message: 'bad token' } }));
    const err = (await rejection(withRetry(() => client(s.url).me(), { maxAttempts: 5, policy: FAST }))) as FeedRequestError;
    assert.equal(err.kind, 'unauthorized');
    assert.equal(s.requests.length, 1);
  });

  it('stops waiting as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const err = await rejection(
      withRetry(
        async () => {
          throw new FeedRequestError('network', 'down');
        },
        {
          maxAttempts: 5,
          policy: { baseMs: 60_000, capMs: 60_000, retryAfterCapMs: 60_000 },
          random: () => 0.99,
          signal: controller.signal,
          onRetry: () => controller.abort(),
        },
      ),
    );
    assert.equal((err as Error).name, 'AbortError');
    assert.ok(Date.now() - started < 1_000, 'the minute-long wait was cancelled');
  });
});
