import * as assert from 'node:assert/strict';
import { DecisionHistory } from '../../../../src/server/decisions/decisionHistory';
import { withDecision } from '../../../../src/server/decisions/decisionPatch';
import { needsReReview } from '../../../../src/server/findings/findingState';
import { makeDecision, makeFinding } from '../makeFinding';

const decision = makeDecision;
const review = { decision: 'approve' as const, comment: '', actor: { id: 'lee', name: 'Lee' }, at: '2026-01-02T00:00:00Z' };

describe('needs re-review', () => {
  const pinned = (status: 'acknowledged' | 'disputed' | 'open') =>
    makeFinding({ id: 'f', status, triage: decision({ id: 'd', codeHash: 'sha256:a' }) });

  it("is true when a standing decision's code now hashes differently", () => {
    assert.equal(needsReReview(pinned('acknowledged'), 'sha256:b'), true);
    assert.equal(needsReReview(pinned('disputed'), 'sha256:b'), true);
  });

  it('is false for the same code, unknown code, an unpinned decision, or a finding open again', () => {
    assert.equal(needsReReview(pinned('acknowledged'), 'sha256:a'), false);
    assert.equal(needsReReview(pinned('acknowledged'), undefined), false);
    assert.equal(needsReReview(makeFinding({ id: 'f', status: 'acknowledged', triage: decision({ id: 'd' }) }), 'sha256:b'), false);
    assert.equal(needsReReview(pinned('open'), 'sha256:b'), false);
  });
});

describe('a synced decision shown on its finding', () => {
  it('acknowledges or disputes the finding it was sent against', () => {
    const f = makeFinding({ id: 'f', revision: '3' });
    assert.equal(withDecision(f, decision({ id: 'd' }), '3')?.status, 'acknowledged');
    const disputed = withDecision(f, decision({ id: 'd', action: 'dispute' }), '3');
    assert.equal(disputed?.status, 'disputed');
    assert.equal(disputed?.triage?.id, 'd');
    assert.equal(disputed?.revision, '3', "the next sync brings the feed's revision");
  });

  it('leaves a finding a sync already moved on, or that already shows the decision, alone', () => {
    assert.equal(withDecision(makeFinding({ id: 'f', revision: '4' }), decision({ id: 'd' }), '3'), undefined);
    assert.equal(
      withDecision(makeFinding({ id: 'f', status: 'acknowledged', triage: decision({ id: 'd' }) }), decision({ id: 'd' })),
      undefined,
    );
    assert.equal(withDecision(makeFinding({ id: 'other' }), decision({ id: 'd' })), undefined);
  });

  it('shows a review on the decision it reviews; a rejection opens the finding again', () => {
    const f = makeFinding({ id: 'f', status: 'disputed', triage: decision({ id: 'd', action: 'dispute' }) });
    const approved = withDecision(f, decision({ id: 'd', action: 'dispute', review }));
    assert.equal(approved?.status, 'disputed');
    assert.equal(approved?.triage?.review?.decision, 'approve');
    assert.equal(withDecision(f, decision({ id: 'd', action: 'dispute', review: { ...review, decision: 'reject' } }))?.status, 'open');
    assert.equal(
      withDecision(f, decision({ id: 'older', review })),
      undefined,
      'a review of an older decision does not change the finding',
    );
  });
});

describe('decision history', () => {
  it('lists every decision on a finding newest first, a later sight replacing an earlier one', () => {
    const h = new DecisionHistory();
    h.record(decision({ id: 'd1', at: '2026-01-01T00:00:00Z' }));
    h.record(decision({ id: 'd2', at: '2026-01-03T00:00:00Z', action: 'dispute' }));
    h.record(decision({ id: 'd1', at: '2026-01-01T00:00:00Z', review }));
    h.record(decision({ id: 'x', findingId: 'g' }));
    assert.deepEqual(
      h.of('f').map((d) => [d.id, d.review?.decision ?? null]),
      [
        ['d2', null],
        ['d1', 'approve'],
      ],
    );
    assert.equal(h.findingOf('x'), 'g');
    assert.deepEqual(h.of('none'), []);
  });

  it('never loses a review to a later sight without it', () => {
    const h = new DecisionHistory();
    h.record(decision({ id: 'd1', review }));
    h.record(decision({ id: 'd1' }));
    assert.equal(h.of('f')[0]?.review?.decision, 'approve');
  });
});
