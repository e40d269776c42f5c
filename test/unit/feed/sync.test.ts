import { strict as assert } from 'node:assert';
import { Finding } from '../../../src/shared/feed';
import type { RunningFeed } from '../../../src/feed/server';
import { admin, as, smallSeed, startTestFeed, syncAll } from './helpers';

describe('feed: findings sync', () => {
  let feed: RunningFeed;
  beforeEach(async () => {
    feed = await startTestFeed({ seed: smallSeed(5) });
  });
  afterEach(async () => {
    await feed.close();
  });

  it('pages through every finding with limit 2, each once, with one sync token', async () => {
    const tokens: string[] = [];
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const answer = await as(feed, 'dana').get(`/v1/projects/p1/findings?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      assert.equal(answer.status, 200);
      assert.ok(answer.body.findings.length <= 2);
      ids.push(...answer.body.findings.map((f: { id: string }) => f.id));
      tokens.push(answer.body.syncToken);
      cursor = answer.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    assert.deepEqual(ids, ['f1', 'f2', 'f3', 'f4', 'f5']);
    assert.equal(pages, 3);
    assert.equal(new Set(tokens).size, 1);
  });

  it('serves findings that pass the shared schema, with revision, status, timestamps and triage null', async () => {
    const { findings } = await syncAll(feed, 'dana', 'p1');
    for (const f of findings) {
      const parsed = Finding.parse(f);
      assert.equal(parsed.status, 'open');
      assert.equal(parsed.revision, '1');
      assert.equal(parsed.triage, null);
    }
  });

  it('keeps paging stable while findings change, and the next incremental sync brings the changes', async () => {
    const first = await as(feed, 'dana').get('/v1/projects/p1/findings?limit=2');
    await admin(feed).post('/__admin/findings', {
      project: 'p1',
      findings: [{ id: 'f1', title: 'changed' }, { id: 'f4', title: 'changed too' }, { id: 'f9' }],
    });
    const rest = await syncAllFrom(first.body.nextCursor);
    const ids = [...first.body.findings, ...rest.findings].map((f: { id: string }) => f.id);
    assert.deepEqual(ids, ['f1', 'f2', 'f3', 'f5'], 'f4 changed during paging: it waits for the incremental sync');
    assert.equal(rest.syncToken, first.body.syncToken, 'the sync token is the position of the first page');

    const incremental = await syncAll(feed, 'dana', 'p1', { since: rest.syncToken });
    assert.deepEqual(
      incremental.findings.map((f) => [f.id, f.title]),
      [
        ['f1', 'changed'],
        ['f4', 'changed too'],
        ['f9', 'Finding f9'],
      ],
    );
    assert.equal(incremental.findings[0].revision, '2');
  });

  async function syncAllFrom(cursor: string): Promise<{ findings: any[]; syncToken: string }> {
    const findings: any[] = [];
    let next: string | null = cursor;
    let syncToken = '';
    while (next) {
      const answer = await as(feed, 'dana').get(`/v1/projects/p1/findings?limit=2&cursor=${encodeURIComponent(next)}`);
      assert.equal(answer.status, 200);
      findings.push(...answer.body.findings);
      next = answer.body.nextCursor;
      syncToken = answer.body.syncToken;
    }
    return { findings, syncToken };
  }

  it('reports only changes since a token, withdrawn findings as tombstones that full syncs omit', async () => {
    const full = await syncAll(feed, 'dana', 'p1');
    const unchanged = await syncAll(feed, 'dana', 'p1', { since: full.syncToken });
    assert.deepEqual(unchanged.findings, []);
    assert.equal(unchanged.syncToken, full.syncToken);

    const withdrawn = await admin(feed).post('/__admin/findings/f2/withdraw', {});
    assert.equal(withdrawn.status, 200);
    const changes = await syncAll(feed, 'dana', 'p1', { since: full.syncToken });
    assert.deepEqual(
      changes.findings.map((f) => [f.id, f.status]),
      [['f2', 'withdrawn']],
    );
    assert.notEqual(changes.syncToken, full.syncToken);

    const again = await syncAll(feed, 'dana', 'p1');
    assert.deepEqual(
      again.findings.map((f) => f.id),
      ['f1', 'f3', 'f4', 'f5'],
    );
    assert.deepEqual((await syncAll(feed, 'dana', 'p1', { since: changes.syncToken })).findings, []);
  });

  it('answers 304 without a body to If-None-Match with the current ETag, and 200 once something changed', async () => {
    const first = await as(feed, 'dana').get('/v1/projects/p1/findings');
    const etag = first.headers.get('etag');
    assert.ok(etag);
    const again = await as(feed, 'dana').get('/v1/projects/p1/findings', { 'If-None-Match': etag });
    assert.equal(again.status, 304);
    assert.equal(again.text, '');
    assert.equal(again.headers.get('etag'), etag);

    const withLimit = await as(feed, 'dana').get('/v1/projects/p1/findings?limit=3', { 'If-None-Match': etag });
    assert.equal(withLimit.status, 200, 'another request has another ETag');

    await admin(feed).post('/__admin/findings', { project: 'p1', findings: [{ id: 'f3', severity: 'low' }] });
    const changed = await as(feed, 'dana').get('/v1/projects/p1/findings', { 'If-None-Match': etag });
    assert.equal(changed.status, 200);
    assert.notEqual(changed.headers.get('etag'), etag);
  });

  it('refuses a cursor or sync token it did not give, and a bad limit, with 400', async () => {
    for (const query of ['cursor=garbage', 'since=garbage', 'limit=0', 'limit=abc']) {
      const answer = await as(feed, 'dana').get(`/v1/projects/p1/findings?${query}`);
      assert.equal(answer.status, 400, query);
      assert.equal(typeof answer.body.error.code, 'string');
    }
  });

  it('refuses the sync token of a database that was reset (an in-memory feed started again)', async () => {
    const { syncToken } = await syncAll(feed, 'dana', 'p1');
    await feed.close();
    feed = await startTestFeed({ seed: smallSeed(5) });
    const answer = await as(feed, 'dana').get(`/v1/projects/p1/findings?since=${encodeURIComponent(syncToken)}`);
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error.code, 'invalid_sync_token');
  });

  it('uses the configured page size by default and never more than 1000 findings a page', async () => {
    await feed.close();
    feed = await startTestFeed({ seed: smallSeed(1005), pageSize: 400 });
    const byDefault = await as(feed, 'dana').get('/v1/projects/p1/findings');
    assert.equal(byDefault.body.findings.length, 400);
    const capped = await as(feed, 'dana').get('/v1/projects/p1/findings?limit=5000');
    assert.equal(capped.body.findings.length, 1000);
    assert.ok(capped.body.nextCursor);
  });

  it('passes raw test values through as they are', async () => {
    await admin(feed).post('/__admin/raw', { project: 'p1', finding: { id: 'bad-1', severity: 'catastrophic' } });
    await admin(feed).post('/__admin/raw', { project: 'p1', finding: 42 });
    const { findings } = await syncAll(feed, 'dana', 'p1');
    assert.deepEqual(findings.slice(-2), [{ id: 'bad-1', severity: 'catastrophic' }, 42]);
  });
});
