import * as assert from 'node:assert/strict';
import type { OutboxEntryView } from '../../../src/shared/webview';
import { applyUiEvent } from '../../../src/webview/events';
import { outboxText, pendingDecisionSummary, retryText } from '../../../src/webview/labels';
import { queuedStatus, reviewsSettled } from '../../../src/webview/queued';
import { applyHostMessage, initialState, type PanelState } from '../../../src/webview/state';
import { makeItems } from './fixtures';

function entry(id: string, state: OutboxEntryView['state'], patch: Partial<OutboxEntryView> = {}): OutboxEntryView {
  return { id, kind: 'review', targetId: `dec-${id}`, state, attempts: 0, queuedAt: '2026-01-01T00:00:00Z', ...patch };
}

const dana = { user: { id: 'dana', name: 'Dana' }, role: 'developer' as const, projects: ['p'] };
const lee = { user: { id: 'lee', name: 'Lee' }, role: 'lead' as const, projects: ['p'] };

function initAs(me: typeof dana | typeof lee, s: PanelState = initialState()): PanelState {
  return applyHostMessage(s, { type: 'init', me, items: makeItems(3), selectedId: null, tab: 'findings', trusted: true });
}

describe('queued decisions and reviews in the panel', () => {
  it('wait for the feed while pending, and say the feed stored them once synced', () => {
    const q = { kind: 'review' as const, entryIds: ['a'] };
    assert.deepEqual(queuedStatus(q, []), { text: '1 review queued; waiting for the feed to store it.', failed: false });
    assert.deepEqual(queuedStatus(q, [entry('a', 'pending')]), {
      text: '1 review queued; waiting for the feed to store it.',
      failed: false,
    });
    assert.deepEqual(queuedStatus(q, [entry('a', 'synced')]), { text: 'The feed stored the review.', failed: false });
    const two = { kind: 'decision' as const, entryIds: ['a', 'b'] };
    assert.equal(
      queuedStatus(two, [entry('a', 'synced'), entry('b', 'pending')])!.text,
      '2 decisions queued; 1 still waiting for the feed.',
    );
    assert.equal(queuedStatus(two, [entry('a', 'synced'), entry('b', 'synced')])!.text, 'The feed stored the 2 decisions.');
  });

  it('say what the feed refused, with its own words', () => {
    const status = queuedStatus({ kind: 'review', entryIds: ['a', 'b'] }, [
      entry('a', 'synced'),
      entry('b', 'refused', { message: 'already reviewed' }),
    ]);
    assert.deepEqual(status, { text: 'The feed did not take 1 of the 2 reviews: already reviewed', failed: true });
  });

  it('asks for the review list again when a review it saw waiting is answered, not before', () => {
    assert.equal(reviewsSettled([entry('a', 'pending')], [entry('a', 'pending')]), false);
    assert.equal(reviewsSettled([entry('a', 'pending')], [entry('a', 'synced')]), true);
    assert.equal(reviewsSettled([entry('a', 'pending')], [entry('a', 'refused')]), true);
    assert.equal(reviewsSettled([], [entry('a', 'synced')]), false, 'entries already answered when the panel opened');
    assert.equal(reviewsSettled([entry('a', 'pending', { kind: 'triage' })], [entry('a', 'synced', { kind: 'triage' })]), false);
  });

  it("forgets the developer's queued decision when a lead signs in", () => {
    let s = initAs(dana);
    s = applyHostMessage(s, { type: 'queued', kind: 'decision', entryIds: ['a'] });
    assert.deepEqual(s.queued, { kind: 'decision', entryIds: ['a'] });
    assert.deepEqual(initAs(dana, s).queued, { kind: 'decision', entryIds: ['a'] }, 'the same user keeps it across a reload');
    assert.equal(initAs(lee, s).queued, null);
  });

  it('shows a refused reject next to its buttons, not at the top', () => {
    let s = applyHostMessage(initAs(lee), { type: 'reviewList', state: 'pending', decisions: [] });
    s = { ...s, review: { ...s.review, selected: ['d1'] } };
    const refused = applyUiEvent(s, { kind: 'reviewSubmit', decision: 'reject' });
    assert.deepEqual(refused.out, []);
    assert.match(refused.state.review.problem ?? '', /Say why you reject/);
    assert.equal(refused.state.error, null);
    const typed = applyUiEvent(refused.state, { kind: 'reviewComment', comment: 'no' }).state;
    assert.equal(typed.review.problem, null);
    const hostError = applyHostMessage(s, { type: 'error', about: 'review', message: 'Reviews are disabled in Restricted Mode.' });
    assert.equal(hostError.review.problem, 'Reviews are disabled in Restricted Mode.');
    assert.equal(hostError.error, null);
  });
});

describe('an outbox entry as the panel says it', () => {
  it('says when a pending decision is tried again in relative and local time, never as an ISO string', () => {
    const now = Date.parse('2026-01-01T10:00:00Z');
    assert.equal(
      retryText('2026-01-01T10:00:25Z', now, () => '11:00'),
      ' Next try in 25 s (11:00).',
    );
    assert.equal(
      retryText('2026-01-01T10:03:00Z', now, () => '11:03'),
      ' Next try in 3 min (11:03).',
    );
    assert.equal(retryText('2026-01-01T09:59:00Z', now), '', 'a time past says nothing');
    const text = outboxText(
      entry('a', 'pending', {
        kind: 'triage',
        message: 'Not sent yet: the feed did not answer. The decision is kept and will be sent again.',
        retryAt: '2026-01-01T10:00:25Z',
      }),
      now,
    );
    assert.match(text, /^Decision pending: Not sent yet: .* Next try in 25 s \(\d\d:\d\d\)\.$/);
    assert.doesNotMatch(text, /\d{4}-\d\d-\d\dT/);
  });

  it('names a pending decision in the history', () => {
    assert.equal(
      pendingDecisionSummary(entry('a', 'pending', { kind: 'triage', action: 'acknowledge', reason: 'will_fix' })),
      'Acknowledged (Will fix) from this editor: pending, not stored by the feed yet',
    );
  });
});
