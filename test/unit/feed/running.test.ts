/**
 * Running the feed for real: compressed answers, bounded bodies (413), a rate limit per token
 * (429 with Retry-After), health checks, one JSON log line per request, and a graceful shutdown.
 */
import { strict as assert } from 'node:assert';
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { chooseEncoding } from '../../../src/feed/compression';
import type { RunningFeed } from '../../../src/feed/server';
import { ShutdownEvent } from '../../../src/shared/feedEvents';
import { ALL_BACKENDS, describeOnBackends, SQLITE } from './backends';
import { openStream } from './eventStream';
import { admin, as, call, smallSeed, startTestFeed } from './helpers';

/** A GET without fetch's own decompression: status, headers and the bytes as sent. */
function rawGet(
  url: string,
  token: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { Authorization: `Bearer ${token}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('feed: choosing a compression', () => {
  it('takes br before gzip, honours q=0 and *, and compresses nothing unasked', () => {
    assert.equal(chooseEncoding('gzip, deflate, br'), 'br');
    assert.equal(chooseEncoding('gzip'), 'gzip');
    assert.equal(chooseEncoding('br;q=0, gzip;q=0.5'), 'gzip');
    assert.equal(chooseEncoding('gzip;q=1, br;q=0.2'), 'gzip');
    assert.equal(chooseEncoding('*'), 'br');
    assert.equal(chooseEncoding('identity'), undefined);
    assert.equal(chooseEncoding(undefined), undefined);
  });
});

describeOnBackends('feed: running it', ALL_BACKENDS, function (backend) {
  // Each test starts feeds (migrations, a LISTEN connection on PostgreSQL): on a loaded machine that takes more than 2 s.
  this.timeout(15_000);
  let feed: RunningFeed;
  before(async () => {
    feed = await startTestFeed(backend, { seed: smallSeed(200), limits: { maxBodyBytes: 4096 } });
  });
  after(async () => {
    await feed.close();
  });

  it('compresses a findings page with gzip or br when asked, to the same JSON, and not otherwise', async () => {
    const path = `${feed.url}/v1/projects/p1/findings?limit=200`;
    const plain = await rawGet(path, feed.tokens.dana!, {});
    assert.equal(plain.headers['content-encoding'], undefined);
    for (const [encoding, unpack] of [
      ['gzip', gunzipSync],
      ['br', brotliDecompressSync],
    ] as const) {
      const packed = await rawGet(path, feed.tokens.dana!, { 'Accept-Encoding': encoding });
      assert.equal(packed.headers['content-encoding'], encoding);
      assert.equal(packed.headers.vary, 'Accept-Encoding');
      assert.equal(Number(packed.headers['content-length']), packed.body.length);
      assert.ok(packed.body.length * 4 < plain.body.length, `${encoding}: ${packed.body.length} of ${plain.body.length} bytes`);
      assert.deepEqual(JSON.parse(unpack(packed.body).toString('utf8')), JSON.parse(plain.body.toString('utf8')));
    }
    const fetched = await as(feed, 'dana').get('/v1/projects/p1/findings?limit=200');
    assert.equal(fetched.body.findings.length, 200, "Node's fetch asks for and unpacks it by itself");
  });

  it('refuses a body over the bound with 413 body_too_large, which the client gets to read', async () => {
    const big = { action: 'acknowledge', reason: 'will_fix', comment: 'x'.repeat(5000) };
    const answer = await call(feed, feed.tokens.dana, 'POST', '/v1/findings/f1/triage', {
      body: big,
      headers: { 'Idempotency-Key': 'big', 'If-Match': '1' },
    });
    assert.deepEqual([answer.status, answer.body.error.code], [413, 'body_too_large']);
    assert.equal((await admin(feed).get('/__admin/state?project=p1')).body.decisions.length, 0);
  });

  it('answers /healthz and /readyz without a token', async () => {
    const health = await call(feed, undefined, 'GET', '/healthz');
    assert.deepEqual([health.status, health.body.status], [200, 'ok']);
    const ready = await call(feed, undefined, 'GET', '/readyz');
    assert.deepEqual([ready.status, ready.body.status], [200, 'ready']);
  });
});

describe('feed: limits, logs and shutdown', function () {
  this.timeout(15_000);
  it('answers 429 rate_limited with Retry-After past a token\u2019s rate, and counts each token alone', async () => {
    const feed = await startTestFeed(SQLITE, { limits: { rateLimit: { perSecond: 0.5, burst: 3 } } });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await call(feed, feed.tokens.dana, 'GET', '/v1/me')).status);
      assert.deepEqual(statuses, [200, 200, 200, 429]);
      const refused = await call(feed, feed.tokens.dana, 'GET', '/v1/me');
      assert.equal(refused.body.error.code, 'rate_limited');
      assert.equal(refused.headers.get('retry-after'), '2');
      assert.equal((await call(feed, feed.tokens.lee, 'GET', '/v1/me')).status, 200, "lee's token has its own bucket");
    } finally {
      await feed.close();
    }
  });

  it('says not ready when the database does not answer', async () => {
    const feed = await startTestFeed(SQLITE);
    try {
      feed.storage.migrationState = () => Promise.reject(new Error('connection refused'));
      const ready = await call(feed, undefined, 'GET', '/readyz');
      assert.deepEqual([ready.status, ready.body.status], [503, 'database unreachable']);
    } finally {
      await feed.close();
    }
  });

  it('logs one JSON line per request: method, route template, status, ms, bytes, instance; never a token nor an id of the path', async () => {
    const lines: string[] = [];
    const feed = await startTestFeed(SQLITE, { log: (l) => lines.push(l), instance: 'test-1' });
    try {
      await as(feed, 'dana').get('/v1/projects/p1/findings?limit=2');
      await call(feed, 'fl_wrong-token', 'GET', '/v1/projects/p1/triage');
      await call(feed, undefined, 'GET', '/v1/projects/secret-name/nothing');
      await feed.close();
      const requests = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request');
      assert.deepEqual(
        requests.map((r) => [r.method, r.route, r.status, r.instance]),
        [
          ['GET', '/v1/projects/{project}/findings', 200, 'test-1'],
          ['GET', '/v1/projects/{project}/triage', 401, 'test-1'],
          ['GET', '/v1/(no such endpoint)', 401, 'test-1'],
        ],
      );
      for (const r of requests) {
        assert.ok(Number.isInteger(r.ms) && r.ms >= 0);
        assert.ok(r.bytes > 100, `bytes ${r.bytes} counts headers and body`);
      }
      const all = lines.join('\n');
      for (const secret of [feed.tokens.dana!, 'fl_wrong-token', 'test-admin-token', 'secret-name', 'p1'])
        assert.ok(!all.includes(secret), secret);
    } finally {
      await feed.close();
    }
  });

  it('shuts down gracefully: ends streams with a last event, answers what is in flight, refuses new connections', async () => {
    const feed = await startTestFeed(SQLITE, { latencyMs: 300 });
    const stream = await openStream(feed.url, feed.tokens.dana!, 'p1');
    await stream.next('ready');
    const slow = as(feed, 'dana').get('/v1/me');
    // In flight: received (the feed's request log has it) and not yet answered (it waits 300 ms in the feed).
    await waitFor(async () =>
      (await admin(feed).get('/__admin/requests')).body.some(
        (r: { path: string; status: unknown }) => r.path === '/v1/me' && r.status === null,
      ),
    );
    await feed.shutdown();
    assert.equal((await slow).status, 200, 'the request in flight was answered');
    assert.deepEqual(ShutdownEvent.parse((await stream.next('shutdown')).json), { reason: 'shutting_down', retryMs: 3000 });
    await stream.ended;
    await assert.rejects(fetch(`${feed.url}/healthz`), 'no new connection is taken');
  });

  it('drops a request that is still in flight after the drain bound', async () => {
    const feed = await startTestFeed(SQLITE, { limits: { drainMs: 200 } });
    await admin(feed).put('/__admin/faults', { hang: { count: 1 } });
    const hung = as(feed, 'dana')
      .get('/v1/me')
      .then(
        () => 'answered',
        () => 'dropped',
      );
    await waitFor(async () => (await admin(feed).get('/__admin/requests')).body.some((r: { status: unknown }) => r.status === null));
    const started = Date.now();
    await feed.shutdown();
    assert.ok(Date.now() - started < 2000, 'shutdown did not wait past its bound');
    assert.equal(await hung, 'dropped');
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not so within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
