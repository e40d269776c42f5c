import { strict as assert } from 'node:assert';
import type { RunningFeed } from '../../../src/feed/server';
import { ALL_BACKENDS, describeOnBackends } from './backends';
import { admin, as, smallSeed, startTestFeed, syncAll } from './helpers';
import { uploadFixture } from './uploads';

/** The findings of a few files: `?path=` on a full listing, paged by its cursor. */
describeOnBackends('feed: findings of some files only (path filter)', ALL_BACKENDS, (backend) => {
  let feed: RunningFeed;
  beforeEach(async () => {
    feed = await startTestFeed(backend, { seed: smallSeed(3) });
    await admin(feed).post('/__admin/findings', {
      project: 'p1',
      findings: [
        { id: 'g1', location: { path: 'src/other.ts', startLine: 1 } },
        { id: 'h1', location: { path: 'lib/third.ts', startLine: 2 } },
        { id: 'g2', location: { path: 'src/other.ts', startLine: 3 } },
      ],
    });
  });
  afterEach(async () => {
    await feed.close();
  });

  const ids = (answer: { body: { findings: Array<{ id: string }> } }) => answer.body.findings.map((f) => f.id);

  it('answers only the findings of the files asked for, in change order', async () => {
    const one = await as(feed, 'dana').get('/v1/projects/p1/findings?path=src/other.ts');
    assert.equal(one.status, 200);
    assert.deepEqual(ids(one), ['g1', 'g2']);
    assert.equal(one.body.nextCursor, null);
    const two = await as(feed, 'dana').get('/v1/projects/p1/findings?path=lib/third.ts&path=src/app.ts');
    assert.deepEqual(ids(two), ['f1', 'f2', 'f3', 'h1']);
    const none = await as(feed, 'dana').get('/v1/projects/p1/findings?path=nowhere.ts');
    assert.deepEqual(ids(none), []);
  });

  it('pages through the filtered listing with its cursor, which carries the filter on', async () => {
    const first = await as(feed, 'dana').get('/v1/projects/p1/findings?path=src/other.ts&path=lib/third.ts&limit=2');
    assert.deepEqual(ids(first), ['g1', 'h1']);
    assert.ok(first.body.nextCursor);
    const next = await as(feed, 'dana').get(`/v1/projects/p1/findings?cursor=${encodeURIComponent(first.body.nextCursor)}&limit=2`);
    assert.deepEqual(ids(next), ['g2']);
    assert.equal(next.body.nextCursor, null);
  });

  it('leaves out withdrawn findings and follows a finding that moved to another file', async () => {
    await admin(feed).post('/__admin/findings/g1/withdraw', {});
    await admin(feed).post('/__admin/findings', {
      project: 'p1',
      findings: [{ id: 'f2', location: { path: 'src/other.ts', startLine: 9 } }],
    });
    assert.deepEqual(ids(await as(feed, 'dana').get('/v1/projects/p1/findings?path=src/other.ts')), ['g2', 'f2']);
    assert.deepEqual(ids(await as(feed, 'dana').get('/v1/projects/p1/findings?path=src/app.ts')), ['f1', 'f3']);
  });

  it('gives a filtered first page its own ETag', async () => {
    const all = await as(feed, 'dana').get('/v1/projects/p1/findings');
    const filtered = await as(feed, 'dana').get('/v1/projects/p1/findings?path=src/other.ts', {
      'If-None-Match': all.headers.get('etag') ?? '',
    });
    assert.equal(filtered.status, 200);
    const other = await as(feed, 'dana').get('/v1/projects/p1/findings?path=lib/third.ts');
    assert.notEqual(other.headers.get('etag'), filtered.headers.get('etag'));
    const again = await as(feed, 'dana').get('/v1/projects/p1/findings?path=src/other.ts', {
      'If-None-Match': filtered.headers.get('etag') ?? '',
    });
    assert.equal(again.status, 304);
  });

  it('refuses a filter on an incremental sync, beside a cursor, empty, too long or with too many paths, with 400 invalid_path', async () => {
    const { syncToken } = await syncAll(feed, 'dana', 'p1');
    const first = await as(feed, 'dana').get('/v1/projects/p1/findings?limit=2');
    const queries = [
      `since=${encodeURIComponent(syncToken)}&path=src/app.ts`,
      `cursor=${encodeURIComponent(first.body.nextCursor)}&path=src/app.ts`,
      'path=',
      `path=${'a'.repeat(1025)}`,
      Array.from({ length: 51 }, (_, i) => `path=f${i}.ts`).join('&'),
    ];
    for (const query of queries) {
      const answer = await as(feed, 'dana').get(`/v1/projects/p1/findings?${query}`);
      assert.equal(answer.status, 400, query.slice(0, 60));
      assert.equal(answer.body.error.code, 'invalid_path');
    }
  });

  it('finds the findings an uploaded analysis made', async () => {
    assert.equal((await uploadFixture(feed, 'eslint', 1)).status, 201);
    const found = await as(feed, 'dana').get('/v1/projects/p1/findings?path=src/routes/receipts.ts');
    assert.equal(found.body.findings.length, 3);
    assert.ok(found.body.findings.every((f: { id: string }) => f.id.startsWith('sarif-')));
  });

  it('leaves the unfiltered listing as it was', async () => {
    assert.deepEqual(
      (await syncAll(feed, 'dana', 'p1')).findings.map((f) => f.id),
      ['f1', 'f2', 'f3', 'g1', 'h1', 'g2'],
    );
  });
});
