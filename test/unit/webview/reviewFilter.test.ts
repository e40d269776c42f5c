import * as assert from 'node:assert/strict';
import { EMPTY_REVIEW_FILTER, filterReviewList, peopleIn, reviewStatus, sortReviewList } from '../../../src/webview/reviewFilter';
import { makeReviewEntry } from './fixtures';

const review = (decision: 'approve' | 'reject') => ({
  decision,
  comment: '',
  actor: { id: 'lead', name: 'Lee' },
  at: '2025-03-01T00:00:00Z',
});
const entries = [
  makeReviewEntry({ id: 'D-1', at: '2025-01-01T00:00:00Z', review: review('approve') }),
  makeReviewEntry({ id: 'D-2', at: '2025-01-03T00:00:00Z', actor: { id: 'u2', name: 'Bob' }, reason: 'used_in_tests' }),
  makeReviewEntry({
    id: 'D-3',
    at: '2025-01-02T00:00:00Z',
    review: review('reject'),
    finding: { ...makeReviewEntry().finding, severity: 'low' },
  }),
  makeReviewEntry({ id: 'D-4', at: '2025-01-04T00:00:00Z' }),
];

describe('review list', () => {
  it('puts pending first, newest first within each', () => {
    assert.deepEqual(
      sortReviewList(entries).map((e) => e.id),
      ['D-4', 'D-2', 'D-3', 'D-1'],
    );
  });

  it('filters by person, status, severity and reason', () => {
    const ids = (f: Partial<typeof EMPTY_REVIEW_FILTER>) => filterReviewList(entries, { ...EMPTY_REVIEW_FILTER, ...f }).map((e) => e.id);
    assert.deepEqual(ids({ person: 'bo' }), ['D-2']);
    assert.deepEqual(ids({ person: 'u1' }), ['D-1', 'D-3', 'D-4']);
    assert.deepEqual(ids({ status: 'rejected' }), ['D-3']);
    assert.deepEqual(ids({ status: 'pending' }), ['D-2', 'D-4']);
    assert.deepEqual(ids({ severity: 'low' }), ['D-3']);
    assert.deepEqual(ids({ reason: 'used_in_tests' }), ['D-2']);
  });

  it('names the review status and the people', () => {
    assert.deepEqual(entries.map(reviewStatus), ['approved', 'pending', 'rejected', 'pending']);
    assert.deepEqual(peopleIn(entries), [
      { id: 'u1', name: 'Ada' },
      { id: 'u2', name: 'Bob' },
    ]);
  });
});
