import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningFeed } from '../../../src/feed/server';
import { admin, smallSeed, startTestFeed, syncAll, triage } from './helpers';

describe('feed: restart on the same database', () => {
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
    const dbPath = join(dir, 'feed.db');
    feed = await startTestFeed({ dbPath });
    const tokens = feed.tokens;
    const adminToken = feed.adminToken;
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

    feed = await startTestFeed({ dbPath, seed: smallSeed(2) });
    assert.deepEqual(feed.tokens, tokens);
    assert.equal(feed.adminToken, adminToken);
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
    feed = await startTestFeed({ dbPath: join(dir, 'a.db') });
    const first = feed.tokens;
    await feed.close();
    feed = await startTestFeed({ dbPath: join(dir, 'b.db') });
    assert.notEqual(feed.tokens.dana, first.dana);
    await feed.close();

    const seed = smallSeed(1);
    seed.users[0]!.token = 'fixed-token-for-dana';
    seed.adminToken = 'fixed-admin-token';
    feed = await startTestFeed({ seed });
    assert.equal(feed.tokens.dana, 'fixed-token-for-dana');
    assert.equal(feed.adminToken, 'fixed-admin-token');
  });
});
