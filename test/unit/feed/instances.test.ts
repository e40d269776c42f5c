/**
 * Two feed instances on one PostgreSQL database, each reached directly: what must hold across them
 * is held by the database. The races are made certain, not hoped for: the test holds the change
 * lock that every write takes, sends both requests, waits until PostgreSQL shows both waiting,
 * then lets go.
 */
import { strict as assert } from 'node:assert';
import { Client } from 'pg';
import type { RunningFeed } from '../../../src/feed/server';
import { CHANGE_LOCK } from '../../../src/feed/storage/postgres';
import { POSTGRES } from './backends';
import { admin, as, call, review, smallSeed, startTestFeed, syncAll, triage, type JsonAnswer } from './helpers';
import { postgresCluster } from './postgresCluster';
import { uploadFixture } from './uploads';

const ACK = { action: 'acknowledge', reason: 'will_fix', comment: 'fixing it' };

describe('feed: two instances on one PostgreSQL database', function () {
  this.timeout(20_000);
  let url: string;
  let a: RunningFeed;
  let b: RunningFeed;

  before(async function () {
    this.timeout(60_000);
    await postgresCluster();
  });
  beforeEach(async () => {
    url = await (await postgresCluster()).freshSchema();
    // Both at the same moment on the empty database: only one may seed it.
    [a, b] = await Promise.all([startTestFeed(POSTGRES, { db: url }), startTestFeed(POSTGRES, { db: url })]);
  });
  afterEach(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  async function decisions(): Promise<unknown[]> {
    return (await admin(a).get('/__admin/state?project=p1')).body.decisions;
  }

  it('seeds the database once when both start on it at the same moment', async () => {
    await Promise.all([a.close(), b.close()]);
    url = await (await postgresCluster()).freshSchema();
    const seed = smallSeed();
    for (const u of seed.users) delete u.token;
    [a, b] = await Promise.all([a, b].map(() => startTestFeed(POSTGRES, { db: url, seed })));
    const seeded = [a, b].filter((f) => Object.keys(f.tokens).length > 0);
    assert.equal(seeded.length, 1, 'one of them issued the random tokens, the other found the database seeded');
    const dana = seeded[0]!.tokens.dana!;
    for (const feed of [a, b]) assert.equal((await call(feed, dana, 'GET', '/v1/me')).status, 200);
    assert.equal((await admin(b).get('/__admin/state?project=p1')).body.findings.length, 5);
  });

  it('serves a cursor, a sync token and an ETag from one instance on the other', async () => {
    const first = await as(a, 'dana').get('/v1/projects/p1/findings?limit=2');
    const second = await as(b, 'dana').get(`/v1/projects/p1/findings?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    assert.equal(second.status, 200);
    assert.deepEqual(
      second.body.findings.map((f: { id: string }) => f.id),
      ['f3', 'f4'],
    );

    const full = await as(a, 'dana').get('/v1/projects/p1/findings');
    const etag = full.headers.get('etag')!;
    assert.equal((await as(b, 'dana').get('/v1/projects/p1/findings', { 'If-None-Match': etag })).status, 304);

    await admin(b).post('/__admin/findings', { project: 'p1', findings: [{ id: 'f2', title: 'changed on b' }] });
    const changes = await syncAll(a, 'dana', 'p1', { since: full.body.syncToken });
    assert.deepEqual(
      changes.findings.map((f) => [f.id, f.title]),
      [['f2', 'changed on b']],
    );
    assert.equal(
      (await as(a, 'dana').get('/v1/projects/p1/findings', { 'If-None-Match': etag })).status,
      200,
      'the change on b moved the ETag on a',
    );
  });

  it('stores one decision for the same Idempotency-Key sent to both at once, and gives the other its answer', async () => {
    const answers = await withChangesHeld(url, 2, () => [
      triage(a, 'dana', 'f1', ACK, { key: 'same', ifMatch: '1' }),
      triage(b, 'dana', 'f1', ACK, { key: 'same', ifMatch: '1' }),
    ]);
    assert.deepEqual(
      answers.map((r) => r.status),
      [201, 201],
    );
    assert.deepEqual(answers.map((r) => r.headers.get('idempotent-replayed')).sort(), ['true', null].sort());
    assert.deepEqual(answers[0]!.body, answers[1]!.body);
    assert.equal((await decisions()).length, 1);
  });

  it('lets one of two decisions on the same revision through, and answers the other 412 stale_revision', async () => {
    const answers = await withChangesHeld(url, 2, () => [
      triage(a, 'dana', 'f1', ACK, { key: 'on-a', ifMatch: '1' }),
      triage(b, 'dana', 'f1', { action: 'dispute', reason: 'false_positive', comment: 'constant' }, { key: 'on-b', ifMatch: '1' }),
    ]);
    assert.deepEqual(answers.map((r) => r.status).sort(), [201, 412]);
    const refused = answers.find((r) => r.status === 412)!;
    assert.equal(refused.body.error.code, 'stale_revision');
    assert.equal(refused.body.finding.revision, '2');
    assert.equal((await decisions()).length, 1);
  });

  it('records one review when the same decision is reviewed on both at once, and answers the other 409 already_reviewed', async () => {
    const decided = await triage(a, 'dana', 'f1', ACK, { key: 'k', ifMatch: '1' });
    const id = decided.body.decision.id as string;
    const answers = await withChangesHeld(url, 2, () => [
      review(a, 'lee', id, { decision: 'approve' }, 'review-a'),
      review(b, 'lee', id, { decision: 'reject', comment: 'no' }, 'review-b'),
    ]);
    assert.deepEqual(answers.map((r) => r.status).sort(), [201, 409]);
    assert.equal(answers.find((r) => r.status === 409)!.body.error.code, 'already_reviewed');
    assert.equal((await admin(a).get('/__admin/state?project=p1')).body.reviews.length, 1);
  });

  it('takes two analyses of one tool and category sent to both at once one after the other: the later sees the earlier', async () => {
    const answers = await withChangesHeld(url, 2, () => [
      uploadFixture(a, 'eslint', 1, { key: 'revision-1' }),
      uploadFixture(b, 'eslint', 2, { key: 'revision-2' }),
    ]);
    assert.deepEqual(
      answers.map((r) => r.status),
      [201, 201],
    );
    // Either order gives the same two receipts: revision 2 after 1 moves two, keeps one, fixes one, adds one; and 1 after 2 the same.
    const counts = answers.map((r) => r.body.counts).sort((x, y) => y.new - x.new);
    const none = { new: 0, unchanged: 0, changed: 0, fixed: 0, reopened: 0, setAside: 0 };
    assert.deepEqual(counts, [
      { ...none, new: 4 },
      { ...none, new: 1, unchanged: 1, changed: 2, fixed: 1 },
    ]);
    const findings = (await admin(a).get('/__admin/state?project=p1')).body.findings.filter((f: any) => f.id.startsWith('sarif-'));
    assert.equal(findings.length, 5);
    assert.equal(findings.filter((f: any) => f.status === 'fixed').length, 1);
  });

  it('takes the same upload sent to both at once (one Idempotency-Key) once, and gives both its receipt', async () => {
    const answers = await withChangesHeld(url, 2, () => [
      uploadFixture(a, 'flawfinder', 1, { key: 'same-upload' }),
      uploadFixture(b, 'flawfinder', 1, { key: 'same-upload' }),
    ]);
    assert.deepEqual(
      answers.map((r) => r.status),
      [201, 201],
    );
    assert.deepEqual(answers[0]!.body, answers[1]!.body);
    assert.deepEqual(answers.map((r) => r.headers.get('idempotent-replayed')).sort(), ['true', null].sort());
    assert.equal((await admin(a).get('/__admin/state?project=p1')).body.analyses.length, 1);
  });

  it('stores each decision once when a burst of keys goes to both instances together', async () => {
    await Promise.all([a.close(), b.close()]);
    url = await (await postgresCluster()).freshSchema();
    [a, b] = await Promise.all([a, b].map(() => startTestFeed(POSTGRES, { db: url, seed: smallSeed(20) })));
    const ids = Array.from({ length: 20 }, (_, i) => `f${i + 1}`);
    const answers = await Promise.all(
      ids.flatMap((id) => [a, b].map((feed) => triage(feed, 'dana', id, ACK, { key: `burst-${id}`, ifMatch: '1' }))),
    );
    assert.deepEqual([...new Set(answers.map((r) => r.status))], [201]);
    for (let i = 0; i < ids.length; i++) {
      const pair = answers.slice(2 * i, 2 * i + 2);
      assert.deepEqual(pair[0]!.body, pair[1]!.body, `${ids[i]}: both got the one answer`);
    }
    assert.equal((await decisions()).length, 20);
  });
});

/**
 * Holds the change lock while `send` starts its requests, until `waiting` of them wait on a lock in
 * PostgreSQL, then releases it and resolves with their answers in order.
 */
async function withChangesHeld(url: string, waiting: number, send: () => Array<Promise<JsonAnswer>>): Promise<JsonAnswer[]> {
  const holder = new Client({ connectionString: url });
  await holder.connect();
  let sent: Array<Promise<JsonAnswer>> = [];
  try {
    await holder.query('BEGIN');
    await holder.query(CHANGE_LOCK);
    sent = send();
    await lockWaiters(holder, waiting);
    await holder.query('COMMIT');
    return await Promise.all(sent);
  } finally {
    await holder.end();
    await Promise.allSettled(sent);
  }
}

/** PostgreSQL tells no one when a backend starts waiting on a lock: its activity view is polled. */
async function lockWaiters(client: Client, count: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await client.query<{ wait_event: string; query: string }>(
      "SELECT wait_event, query FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()",
    );
    if (rows.length >= count) return;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${count} requests to wait on a lock; waiting: ${JSON.stringify(rows)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
