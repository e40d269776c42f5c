import { strict as assert } from 'node:assert';
import type { RunningFeed } from '../../../src/feed/server';
import { comparePaths } from '../../../src/shared/pathOrder';
import { ALL_BACKENDS, describeOnBackends, type FeedBackend } from './backends';
import { admin, as, smallSeed, startTestFeed, syncAll } from './helpers';

// Paths whose byte order differs from JavaScript's `<`: U+FF21 (EF BC A1) before U+1F600 (F0 9F 98 80),
// though its UTF-16 unit (FF21) is after the astral one's first surrogate (D83D).
const FULLWIDTH = 'src/\uff21.ts';
const ASTRAL = 'src/\u{1f600}.ts';

/** A full listing in path order (`order=path`), paged by its cursor. */
describeOnBackends('feed: a full listing in path order', ALL_BACKENDS, (backend) => {
  let feed: RunningFeed;
  beforeEach(async () => void (feed = await feedOfFiles(backend)));
  afterEach(() => feed.close());

  type Page = { findings: Array<{ id: string; location?: { path: string } }>; nextCursor: string | null; order?: string };

  async function pages(first: string, limit: number): Promise<Page[]> {
    const out: Page[] = [];
    let answer = await as(feed, 'dana').get(`/v1/projects/p1/findings?${first}&limit=${limit}`);
    for (;;) {
      assert.equal(answer.status, 200, answer.text);
      out.push(answer.body as Page);
      const cursor = (answer.body as Page).nextCursor;
      if (cursor === null) return out;
      answer = await as(feed, 'dana').get(`/v1/projects/p1/findings?cursor=${encodeURIComponent(cursor)}&limit=${limit}`);
    }
  }
  const ids = (ps: Page[]) => ps.flatMap((p) => p.findings.map((f) => f.id));

  it('orders by path as UTF-8 bytes, then by change order, and says so on every page', async () => {
    const paged = await pages('order=path', 2);
    assert.deepEqual(ids(paged), ['k1', 'h1', 'h2', 'f1', 'f2', 'f3', 'g2', 'g1']);
    assert.equal(paged.length, 4);
    assert.ok(paged.every((p) => p.order === 'path'));
    const paths = paged.flatMap((p) => p.findings.map((f) => f.location!.path));
    assert.deepEqual(paths, [...paths].sort(comparePaths), 'the server’s comparison agrees with the feed’s');
    assert.ok(FULLWIDTH > ASTRAL, 'JavaScript’s < would put them the other way round');
    assert.deepEqual(ids(await pages('order=path', 1000)), ids(paged), 'one page or many, the same order');
    // Without it, or beside a path filter, the listing is in change order and says nothing of an order.
    const plain = await pages('', 3);
    assert.deepEqual(ids(plain), ['f1', 'f2', 'f3', 'g1', 'h1', 'g2', 'h2', 'k1']);
    assert.ok(plain.every((p) => p.order === undefined));
    const filtered = await as(feed, 'dana').get(`/v1/projects/p1/findings?order=path&path=lib/b.ts&path=src/app.ts`);
    assert.deepEqual(ids([filtered.body as Page]), ['f1', 'f2', 'f3', 'h1', 'h2']);
    assert.equal(filtered.body.order, undefined);
  });

  it('puts findings without a path first, in change order', async () => {
    await admin(feed).post('/__admin/raw', { project: 'p1', finding: { id: 'raw2', note: 'no location' } });
    await admin(feed).post('/__admin/raw', { project: 'p1', finding: { id: 'raw1', location: { path: 7 } } });
    assert.deepEqual(ids(await pages('order=path', 1)).slice(0, 3), ['raw2', 'raw1', 'k1']);
  });

  it('stays stable while findings change during paging: none twice, changes wait for the next incremental sync', async () => {
    const first = await as(feed, 'dana').get('/v1/projects/p1/findings?order=path&limit=3');
    assert.deepEqual(ids([first.body as Page]), ['k1', 'h1', 'h2']);
    // Moved before the cursor, changed after it, and a new finding in a file still to come.
    await admin(feed).post('/__admin/findings', {
      project: 'p1',
      findings: [
        { id: 'f3', location: { path: 'lib/a.ts', startLine: 1 } },
        { id: 'g2', location: { path: FULLWIDTH, startLine: 30 } },
        { id: 'n1', location: { path: 'src/app.ts', startLine: 9 } },
      ],
    });
    await admin(feed).post('/__admin/findings/f2/withdraw', {});
    let cursor = (first.body as Page).nextCursor;
    const rest: string[] = [];
    while (cursor) {
      const next = await as(feed, 'dana').get(`/v1/projects/p1/findings?cursor=${encodeURIComponent(cursor)}&limit=3`);
      assert.equal(next.body.order, 'path');
      assert.equal(next.body.syncToken, first.body.syncToken, 'every page at the first page’s position');
      rest.push(...ids([next.body as Page]));
      cursor = next.body.nextCursor;
    }
    assert.deepEqual(rest, ['f1', 'g1'], 'what changed meanwhile is not served; nothing is served twice');
    const changes = await syncAll(feed, 'dana', 'p1', { since: first.body.syncToken });
    assert.deepEqual(changes.findings.map((f) => f.id).sort(), ['f2', 'f3', 'g2', 'n1']);
  });

  it('refuses a tampered or foreign cursor with 400 invalid_cursor', async () => {
    const first = await as(feed, 'dana').get('/v1/projects/p1/findings?order=path&limit=2');
    const decoded = JSON.parse(Buffer.from(first.body.nextCursor, 'base64url').toString('utf8'));
    assert.equal(decoded.o, 'lib/b.ts', 'the cursor carries the last path (k1 in Z.ts, then h1)');
    const tampered = [
      { ...decoded, o: 7 },
      { ...decoded, o: '' },
      { ...decoded, i: 1 },
      { ...decoded, ps: ['src/app.ts'] },
      { ...decoded, a: decoded.u + 1 },
      { ...decoded, p: 'p2' },
    ];
    for (const value of tampered) {
      const cursor = Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
      const answer = await as(feed, 'dana').get(`/v1/projects/p1/findings?cursor=${cursor}&limit=2`);
      assert.equal(answer.status, 400, JSON.stringify(value));
      assert.equal(answer.body.error.code, 'invalid_cursor');
    }
  });

  it('refuses path order on an incremental sync or another order, with 400 invalid_request', async () => {
    const { syncToken } = await syncAll(feed, 'dana', 'p1');
    for (const query of [`since=${encodeURIComponent(syncToken)}&order=path`, 'order=seq', 'order=PATH']) {
      const answer = await as(feed, 'dana').get(`/v1/projects/p1/findings?${query}`);
      assert.equal(answer.status, 400, query);
      assert.equal(answer.body.error.code, 'invalid_request');
    }
  });

  it('gives a first page in path order its own ETag', async () => {
    const plain = await as(feed, 'dana').get('/v1/projects/p1/findings');
    const ordered = await as(feed, 'dana').get('/v1/projects/p1/findings?order=path', { 'If-None-Match': plain.headers.get('etag') ?? '' });
    assert.equal(ordered.status, 200);
    const again = await as(feed, 'dana').get('/v1/projects/p1/findings?order=path', { 'If-None-Match': ordered.headers.get('etag') ?? '' });
    assert.equal(again.status, 304);
  });
});

/** f1..f3 in src/app.ts; then, in change order, files that sort otherwise (Z before l: bytes, not case-folded). */
async function feedOfFiles(backend: FeedBackend): Promise<RunningFeed> {
  const feed = await startTestFeed(backend, { seed: smallSeed(3) });
  const findings = [
    { id: 'g1', location: { path: ASTRAL, startLine: 1 } },
    { id: 'h1', location: { path: 'lib/b.ts', startLine: 2 } },
    { id: 'g2', location: { path: FULLWIDTH, startLine: 3 } },
    { id: 'h2', location: { path: 'lib/b.ts', startLine: 4 } },
    { id: 'k1', location: { path: 'Z.ts', startLine: 5 } },
  ];
  await admin(feed).post('/__admin/findings', { project: 'p1', findings });
  return feed;
}
