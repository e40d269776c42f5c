import { strict as assert } from 'node:assert';
import { Finding, TriageResponse } from '../../../src/shared/feed';
import type { RunningFeed } from '../../../src/feed/server';
import { admin, startTestFeed, syncAll, triage } from './helpers';

const ACK = { action: 'acknowledge', reason: 'will_fix', comment: 'fixing in the next sprint' };
const DISPUTE = { action: 'dispute', reason: 'false_positive', comment: 'the value is a constant' };

describe('feed: triage', () => {
  let feed: RunningFeed;
  beforeEach(async () => {
    feed = await startTestFeed();
  });
  afterEach(async () => {
    await feed.close();
  });

  it('records a decision: 201 with the decision and the new revision; the finding carries it', async () => {
    const answer = await triage(feed, 'dana', 'f1', { ...ACK, codeHash: 'sha256:abc' }, { key: 'k1', ifMatch: '1' });
    assert.equal(answer.status, 201);
    const body = TriageResponse.parse(answer.body);
    assert.equal(body.revision, '2');
    assert.equal(body.decision.findingId, 'f1');
    assert.deepEqual(body.decision.actor, { id: 'dana', name: 'Dana Developer' });
    assert.equal(body.decision.review, null);
    assert.equal(body.decision.codeHash, 'sha256:abc');
    assert.ok(!Number.isNaN(Date.parse(body.decision.at)));

    const f1 = Finding.parse((await syncAll(feed, 'dana', 'p1')).findings.find((f) => f.id === 'f1'));
    assert.equal(f1.status, 'acknowledged');
    assert.equal(f1.revision, '2');
    assert.equal(f1.triage?.id, body.decision.id);
  });

  it('sets a disputed status and accepts a quoted If-Match', async () => {
    const answer = await triage(feed, 'dana', 'f2', DISPUTE, { key: 'k2', ifMatch: '"1"' });
    assert.equal(answer.status, 201);
    const state = await admin(feed).get('/__admin/state?project=p1');
    assert.equal(state.body.findings.find((f: { id: string }) => f.id === 'f2').status, 'disputed');
  });

  it('replays the first answer for the same key and body, even after the revision moved on', async () => {
    const first = await triage(feed, 'dana', 'f1', ACK, { key: 'same', ifMatch: '1' });
    await triage(feed, 'dana', 'f1', DISPUTE, { key: 'other', ifMatch: '2' });
    const replay = await triage(
      feed,
      'dana',
      'f1',
      { comment: ACK.comment, reason: ACK.reason, action: ACK.action },
      { key: 'same', ifMatch: '1' },
    );
    assert.equal(replay.status, 201);
    assert.deepEqual(replay.body, first.body);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.equal(first.headers.get('idempotent-replayed'), null);
    const state = await admin(feed).get('/__admin/state?project=p1');
    assert.equal(state.body.decisions.length, 2, 'the replay stored nothing new');
  });

  it('refuses the same key with another body: 409 idempotency_key_reused', async () => {
    await triage(feed, 'dana', 'f1', ACK, { key: 'k', ifMatch: '1' });
    const reused = await triage(feed, 'dana', 'f1', DISPUTE, { key: 'k', ifMatch: '2' });
    assert.equal(reused.status, 409);
    assert.equal(reused.body.error.code, 'idempotency_key_reused');
  });

  it('answers 412 stale_revision with the current finding when If-Match is old, and 412 when it is missing', async () => {
    await admin(feed).post('/__admin/findings', { project: 'p1', findings: [{ id: 'f3', title: 'moved on' }] });
    const stale = await triage(feed, 'dana', 'f3', ACK, { key: 'k3', ifMatch: '1' });
    assert.equal(stale.status, 412);
    assert.equal(stale.body.error.code, 'stale_revision');
    const current = Finding.parse(stale.body.finding);
    assert.equal(current.revision, '2');
    assert.equal(current.title, 'moved on');

    const missing = await triage(feed, 'dana', 'f3', ACK, { key: 'k4' });
    assert.equal(missing.status, 412);

    const retried = await triage(feed, 'dana', 'f3', ACK, { key: 'k3', ifMatch: '2' });
    assert.equal(retried.status, 201, 'a refused request may be sent again under its key');
  });

  it('answers 400 without an Idempotency-Key, for a reason of the other action, and for a dispute without comment', async () => {
    const noKey = await triage(feed, 'dana', 'f1', ACK, { ifMatch: '1' });
    assert.equal(noKey.status, 400);
    assert.equal(noKey.body.error.code, 'idempotency_key_required');

    const badReason = await triage(feed, 'dana', 'f1', { action: 'acknowledge', reason: 'false_positive' }, { key: 'b1', ifMatch: '1' });
    assert.equal(badReason.status, 400);
    assert.match(badReason.body.error.message, /reason/);

    const noComment = await triage(feed, 'dana', 'f1', { action: 'dispute', reason: 'used_in_tests' }, { key: 'b2', ifMatch: '1' });
    assert.equal(noComment.status, 400);
    assert.match(noComment.body.error.message, /comment/);

    const notJson = await triage(feed, 'dana', 'f1', '{not json', { key: 'b3', ifMatch: '1' });
    assert.equal(notJson.status, 400);
  });

  it('ignores unknown fields of the body', async () => {
    const answer = await triage(feed, 'dana', 'f1', { ...ACK, mood: 'cheerful', extra: { nested: true } }, { key: 'u1', ifMatch: '1' });
    assert.equal(answer.status, 201);
    assert.equal('mood' in answer.body.decision, false);
  });

  it('answers 409 for a withdrawn finding and 404 for an unknown one', async () => {
    await admin(feed).post('/__admin/findings/f4/withdraw', {});
    const withdrawn = await triage(feed, 'dana', 'f4', ACK, { key: 'w1', ifMatch: '2' });
    assert.equal(withdrawn.status, 409);
    const unknown = await triage(feed, 'dana', 'nope', ACK, { key: 'w2', ifMatch: '1' });
    assert.equal(unknown.status, 404);
  });
});
