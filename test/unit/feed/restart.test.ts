import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningFeed } from '../../../src/feed/server';
import { ALL_BACKENDS, describeOnBackends } from './backends';
import { admin, call, smallSeed, startTestFeed, syncAll, triage } from './helpers';

describeOnBackends('feed: restart on the same database', ALL_BACKENDS, function (backend) {
  // Each test starts feeds (migrations, a LISTEN connection on PostgreSQL): on a loaded machine that takes more than 2 s.
  this.timeout(15_000);
  let dir: string;
  let feed: RunningFeed | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'feed-restart-'));
  });
  afterEach(async () => {
    await feed?.close();
    feed = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps tokens, findings, decisions, reviews and idempotency keys; the seed is not applied again', async () => {
    const db = await backend.persistentDb(dir, 'feed.db');
    const seed = smallSeed();
    delete seed.users[0]!.token;
    feed = await startTestFeed(backend, { db, seed });
    const tokens = feed.tokens;
    const adminToken = feed.adminToken;
    const danaToken = tokens.dana!;
    const decided = await triage(
      feed,
      'dana',
      'f1',
      { action: 'acknowledge', reason: 'mitigated', comment: 'WAF rule' },
      { key: 'keep', ifMatch: '1' },
    );
    assert.equal(decided.status, 201);
    const before = await syncAll(feed, 'dana', 'p1');
    await feed.close();

    feed = await startTestFeed(backend, { db, seed: smallSeed(2) });
    assert.deepEqual(feed.tokens, { lee: tokens.lee, olga: tokens.olga, ci: tokens.ci }, "only the seed's fixed tokens can be shown again");
    assert.equal(feed.adminToken, adminToken);
    assert.equal((await call(feed, danaToken, 'GET', '/v1/me')).status, 200, 'the random token issued at seeding still works');
    feed = { ...feed, tokens: { ...feed.tokens, dana: danaToken } };
    const after = await syncAll(feed, 'dana', 'p1');
    assert.equal(after.findings.length, 5, 'the second seed was ignored');
    const f1 = after.findings.find((f) => f.id === 'f1');
    assert.equal(f1.status, 'acknowledged');
    assert.equal(f1.triage.id, decided.body.decision.id);
    assert.deepEqual((await syncAll(feed, 'dana', 'p1', { since: before.syncToken })).findings, [], 'the sync token still holds');

    const replay = await triage(
      feed,
      'dana',
      'f1',
      { action: 'acknowledge', reason: 'mitigated', comment: 'WAF rule' },
      { key: 'keep', ifMatch: '1' },
    );
    assert.equal(replay.status, 201);
    assert.deepEqual(replay.body, decided.body);
    const state = await admin(feed).get('/__admin/state');
    assert.equal(state.body.decisions.length, 1);
  });

  it('gives every new database its own random tokens unless the seed names them', async () => {
    const randomSeed = smallSeed(1);
    delete randomSeed.adminToken;
    for (const u of randomSeed.users) delete u.token;
    feed = await startTestFeed(backend, { db: await backend.persistentDb(dir, 'a.db'), seed: randomSeed });
    const first = feed.tokens;
    assert.match(first.dana!, /^fl_[A-Za-z0-9_-]{43}$/, '256 random bits');
    assert.match(feed.adminToken!, /^fladmin_/);
    await feed.close();
    feed = await startTestFeed(backend, { db: await backend.persistentDb(dir, 'b.db'), seed: randomSeed });
    assert.notEqual(feed.tokens.dana, first.dana);
    await feed.close();

    const seed = smallSeed(1);
    seed.users[0]!.token = 'fixed-token-for-dana';
    seed.adminToken = 'fixed-admin-token';
    feed = await startTestFeed(backend, { seed });
    assert.equal(feed.tokens.dana, 'fixed-token-for-dana');
    assert.equal(feed.adminToken, 'fixed-admin-token');
  });
});
