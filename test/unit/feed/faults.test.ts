import { strict as assert } from 'node:assert';
import type { RunningFeed } from '../../../src/feed/server';
import { admin, as, call, startTestFeed } from './helpers';

describe('feed: test controls and faults', () => {
  let feed: RunningFeed;
  beforeEach(async () => {
    feed = await startTestFeed();
  });
  afterEach(async () => {
    await feed.close();
  });

  it('adds latency to /v1 answers, not to the test controls', async () => {
    await admin(feed).put('/__admin/faults', { latencyMs: 150 });
    const started = Date.now();
    assert.equal((await as(feed, 'dana').get('/v1/me')).status, 200);
    assert.ok(Date.now() - started >= 140, `answered after ${Date.now() - started} ms`);
  });

  it('fails every request with 503 and Retry-After at failure rate 1, and stops once cleared', async () => {
    await admin(feed).put('/__admin/faults', { failureRate: 1 });
    const failed = await as(feed, 'dana').get('/v1/me');
    assert.equal(failed.status, 503);
    assert.ok(failed.headers.get('retry-after'));
    assert.equal(failed.body.error.code, 'unavailable');
    await admin(feed).del('/__admin/faults');
    assert.equal((await as(feed, 'dana').get('/v1/me')).status, 200);
  });

  it('forces a status on chosen paths for a number of requests, with Retry-After', async () => {
    await admin(feed).put('/__admin/faults', { forceStatus: { status: 429, count: 2, retryAfter: 7, paths: 'findings' } });
    assert.equal((await as(feed, 'dana').get('/v1/me')).status, 200, 'me is not targeted');
    const limited = await as(feed, 'dana').get('/v1/projects/p1/findings');
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '7');
    assert.equal(limited.body.error.code, 'rate_limited');
    assert.equal((await as(feed, 'dana').get('/v1/projects/p1/findings')).status, 429);
    assert.equal((await as(feed, 'dana').get('/v1/projects/p1/findings')).status, 200, 'the count is used up');
  });

  it('leaves a request hanging, counts it, and still closes', async () => {
    await admin(feed).put('/__admin/faults', { hang: { count: 1 } });
    await assert.rejects(
      fetch(`${feed.url}/v1/me`, { headers: { Authorization: `Bearer ${feed.tokens.dana}` }, signal: AbortSignal.timeout(300) }),
      (err: Error) => err.name === 'TimeoutError',
    );
    const log = await admin(feed).get('/__admin/requests');
    assert.deepEqual(
      log.body.map((r: { path: string; status: number | null }) => [r.path, r.status]),
      [['/v1/me', null]],
    );
    assert.equal((await as(feed, 'dana').get('/v1/me')).status, 200, 'only one request hangs');
  });

  it('breaks findings bodies: not JSON, then truncated JSON, with status 200', async () => {
    await admin(feed).put('/__admin/faults', { body: { kind: 'not-json', count: 1 } });
    const notJson = await as(feed, 'dana').get('/v1/projects/p1/findings');
    assert.equal(notJson.status, 200);
    assert.throws(() => JSON.parse(notJson.text));
    await admin(feed).put('/__admin/faults', { body: { kind: 'truncated', count: 1 } });
    const truncated = await as(feed, 'dana').get('/v1/projects/p1/findings');
    assert.equal(truncated.status, 200);
    assert.ok(truncated.text.startsWith('{"findings":['));
    assert.throws(() => JSON.parse(truncated.text));
    const healthy = await as(feed, 'dana').get('/v1/projects/p1/findings');
    assert.doesNotThrow(() => JSON.parse(healthy.text), 'the count is used up');
  });

  it('redirects findings requests to another URL with the original path and query', async () => {
    await admin(feed).put('/__admin/faults', { redirectTo: 'http://127.0.0.1:9/elsewhere' });
    const answer = await as(feed, 'dana').get('/v1/projects/p1/findings?limit=2');
    assert.equal(answer.status, 302);
    assert.equal(answer.headers.get('location'), 'http://127.0.0.1:9/elsewhere/v1/projects/p1/findings?limit=2');
  });

  it('gives an absolute nextCursor on another origin on the first page only', async () => {
    await admin(feed).put('/__admin/faults', { nextCursorBase: 'https://evil.example' });
    const first = await as(feed, 'dana').get('/v1/projects/p1/findings?limit=2');
    assert.match(first.body.nextCursor, /^https:\/\/evil\.example\/v1\/projects\/p1\/findings\?cursor=/);
    const real = new URL(first.body.nextCursor).searchParams.get('cursor')!;
    const second = await as(feed, 'dana').get(`/v1/projects/p1/findings?limit=2&cursor=${encodeURIComponent(real)}`);
    assert.equal(second.status, 200);
    assert.deepEqual(
      second.body.findings.map((f: { id: string }) => f.id),
      ['f3', 'f4'],
    );
    assert.doesNotMatch(second.body.nextCursor, /^https?:/);
  });

  it('logs /v1 requests with their headers of interest and never the token', async () => {
    await call(feed, undefined, 'GET', '/v1/me');
    await as(feed, 'dana').get('/v1/projects/p1/findings?limit=2', { 'If-None-Match': '"x"' });
    await as(feed, 'dana').post(
      '/v1/findings/f1/triage',
      { action: 'acknowledge', reason: 'will_fix' },
      { 'Idempotency-Key': 'k', 'If-Match': '1' },
    );
    const log = await admin(feed).get('/__admin/requests');
    assert.deepEqual(log.body, [
      { method: 'GET', path: '/v1/me', query: {}, authorized: false, status: 401 },
      {
        method: 'GET',
        path: '/v1/projects/p1/findings',
        query: { limit: '2' },
        authorized: true,
        user: 'dana',
        ifNoneMatch: '"x"',
        status: 200,
      },
      {
        method: 'POST',
        path: '/v1/findings/f1/triage',
        query: {},
        authorized: true,
        user: 'dana',
        idempotencyKey: 'k',
        ifMatch: '1',
        status: 201,
      },
    ]);
    assert.ok(!log.text.includes(feed.tokens.dana!));
    await admin(feed).del('/__admin/requests');
    assert.deepEqual((await admin(feed).get('/__admin/requests')).body, []);
  });

  it('refuses a bad faults body with 400', async () => {
    const answer = await admin(feed).put('/__admin/faults', { failureRate: 2 });
    assert.equal(answer.status, 400);
  });

  it('upserts findings: new ones created, existing ones merged with a new revision', async () => {
    const answer = await admin(feed).post('/__admin/findings', {
      project: 'p1',
      findings: [
        { id: 'f1', severity: 'low' },
        { id: 'new', title: 'New one', location: { path: 'b.ts', startLine: 9 } },
      ],
    });
    assert.equal(answer.status, 200);
    const [f1, created] = answer.body.findings;
    assert.deepEqual([f1.severity, f1.title, f1.revision], ['low', 'Finding 1', '2']);
    assert.deepEqual(
      [created.title, created.revision, created.status, created.location],
      ['New one', '1', 'open', { path: 'b.ts', startLine: 9 }],
    );
    const invalid = await admin(feed).post('/__admin/findings', { project: 'p1', findings: [{ id: 'f2', severity: 'catastrophic' }] });
    assert.equal(invalid.status, 400);
    assert.equal((await admin(feed).post('/__admin/findings', { project: 'nope', findings: [] })).status, 404);
  });

  it('applies the start-up faults given as options (the CLI flags)', async () => {
    await feed.close();
    feed = await startTestFeed({ forceStatus: 500 });
    assert.equal((await as(feed, 'dana').get('/v1/me')).status, 500);
    await admin(feed).del('/__admin/faults');
    assert.equal((await as(feed, 'dana').get('/v1/me')).status, 200);
    await feed.close();
    feed = await startTestFeed({ failureRate: 1 });
    assert.equal((await as(feed, 'dana').get('/v1/me')).status, 503);
    await feed.close();
    feed = await startTestFeed({ latencyMs: 120 });
    const started = Date.now();
    await as(feed, 'dana').get('/v1/me');
    assert.ok(Date.now() - started >= 110);
  });
});
