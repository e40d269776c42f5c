import { strict as assert } from 'node:assert';
import { ReviewResponse, TriageList } from '../../../src/shared/feed';
import type { RunningFeed } from '../../../src/feed/server';
import { as, startTestFeed, syncAll, review, triage } from './helpers';

describe('feed: lead review', () => {
  let feed: RunningFeed;
  let ackId: string;
  let disputeId: string;
  beforeEach(async () => {
    feed = await startTestFeed();
    ackId = (
      await triage(
        feed,
        'dana',
        'f1',
        { action: 'acknowledge', reason: 'accepted_risk', comment: 'internal tool' },
        { key: 'a', ifMatch: '1' },
      )
    ).body.decision.id;
    disputeId = (
      await triage(
        feed,
        'dana',
        'f2',
        { action: 'dispute', reason: 'not_exploitable', comment: 'input is validated upstream' },
        { key: 'd', ifMatch: '1' },
      )
    ).body.decision.id;
  });
  afterEach(async () => {
    await feed.close();
  });

  it('lists pending decisions newest first, with a summary of their finding', async () => {
    const list = await as(feed, 'lee').get('/v1/projects/p1/triage?state=pending');
    assert.equal(list.status, 200);
    const body = TriageList.parse(list.body);
    assert.deepEqual(
      body.decisions.map((d) => d.id),
      [disputeId, ackId],
    );
    assert.deepEqual(body.decisions[0]!.finding, {
      id: 'f2',
      title: 'Finding 2',
      ruleId: 'ts/sql-injection',
      severity: 'high',
      status: 'disputed',
      location: { path: 'src/app.ts', startLine: 2, snippet: 'line 2' },
    });
  });

  it('forbids developers to list or review: 403', async () => {
    assert.equal((await as(feed, 'dana').get('/v1/projects/p1/triage')).status, 403);
    const answer = await review(feed, 'dana', ackId, { decision: 'approve' }, 'r0');
    assert.equal(answer.status, 403);
    assert.equal(answer.body.error.code, 'forbidden');
  });

  it('approving a dispute keeps the finding disputed, shows the review, and moves the decision to reviewed', async () => {
    const before = await syncAll(feed, 'dana', 'p1');
    const answer = await review(feed, 'lee', disputeId, { decision: 'approve', comment: 'agreed' }, 'r1');
    assert.equal(answer.status, 201);
    const { decision } = ReviewResponse.parse(answer.body);
    assert.equal(decision.review?.decision, 'approve');
    assert.deepEqual(decision.review?.actor, { id: 'lee', name: 'Lee Lead' });
    assert.equal(decision.review?.comment, 'agreed');

    const changes = await syncAll(feed, 'dana', 'p1', { since: before.syncToken });
    assert.deepEqual(
      changes.findings.map((f) => [f.id, f.status, f.triage.review.decision]),
      [['f2', 'disputed', 'approve']],
    );

    const pending = TriageList.parse((await as(feed, 'lee').get('/v1/projects/p1/triage')).body);
    assert.deepEqual(
      pending.decisions.map((d) => d.id),
      [ackId],
    );
    const reviewed = TriageList.parse((await as(feed, 'lee').get('/v1/projects/p1/triage?state=reviewed')).body);
    assert.deepEqual(
      reviewed.decisions.map((d) => d.id),
      [disputeId],
    );
    const all = TriageList.parse((await as(feed, 'lee').get('/v1/projects/p1/triage?state=all')).body);
    assert.deepEqual(
      all.decisions.map((d) => d.id),
      [ackId, disputeId],
      'pending first',
    );
  });

  it('rejecting puts the finding back to open with a new revision that clients see', async () => {
    const before = await syncAll(feed, 'dana', 'p1');
    const answer = await review(feed, 'lee', ackId, { decision: 'reject', comment: 'fix it' }, 'r2');
    assert.equal(answer.status, 201);
    const changes = await syncAll(feed, 'dana', 'p1', { since: before.syncToken });
    assert.deepEqual(
      changes.findings.map((f) => [f.id, f.status, f.revision]),
      [['f1', 'open', '3']],
    );
  });

  it('replays a review for the same key, refuses a second review of the same decision (409)', async () => {
    const first = await review(feed, 'lee', ackId, { decision: 'approve' }, 'same');
    const replay = await review(feed, 'lee', ackId, { decision: 'approve' }, 'same');
    assert.deepEqual(replay.body, first.body);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    const reused = await review(feed, 'lee', ackId, { decision: 'reject' }, 'same');
    assert.equal(reused.status, 409);
    assert.equal(reused.body.error.code, 'idempotency_key_reused');
    const second = await review(feed, 'lee', ackId, { decision: 'reject' }, 'another');
    assert.equal(second.status, 409);
    assert.equal(second.body.error.code, 'already_reviewed');
  });

  it('answers 400 to a review without key or with a bad decision, 404 for an unknown decision', async () => {
    assert.equal((await review(feed, 'lee', ackId, { decision: 'approve' })).status, 400);
    assert.equal((await review(feed, 'lee', ackId, { decision: 'maybe' }, 'x1')).status, 400);
    assert.equal((await review(feed, 'lee', 'dec_nope', { decision: 'approve' }, 'x2')).status, 404);
  });

  it('a review of a superseded decision is recorded without changing the finding', async () => {
    const newer = await triage(
      feed,
      'dana',
      'f1',
      { action: 'dispute', reason: 'used_in_tests', comment: 'test helper' },
      { key: 'n', ifMatch: '2' },
    );
    assert.equal(newer.status, 201);
    const answer = await review(feed, 'lee', ackId, { decision: 'reject' }, 'old');
    assert.equal(answer.status, 201);
    const f1 = (await syncAll(feed, 'dana', 'p1')).findings.find((f) => f.id === 'f1');
    assert.equal(f1.status, 'disputed');
    assert.equal(f1.triage.id, newer.body.decision.id);
  });
});
