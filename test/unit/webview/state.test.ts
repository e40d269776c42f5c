import * as assert from 'node:assert/strict';
import type { HostToWebview } from '../../../src/shared/webview';
import { applyUiEvent, type UiEvent } from '../../../src/webview/events';
import {
  applyHostMessage,
  decisionsMoved,
  FORM_CLOSED_NOTICE,
  initialState,
  persistable,
  type PanelState,
} from '../../../src/webview/state';
import { makeFinding, makeItem, makeItems, makeReviewEntry } from './fixtures';

const developer = { user: { id: 'u1', name: 'Ada' }, role: 'developer' as const, projects: ['p'] };
const lead = { ...developer, role: 'lead' as const };

function init(patch: Partial<Extract<HostToWebview, { type: 'init' }>> = {}): PanelState {
  return applyHostMessage(initialState(), {
    type: 'init',
    me: developer,
    items: makeItems(20),
    selectedId: null,
    tab: 'findings',
    trusted: true,
    ...patch,
  });
}

function run(s: PanelState, ...events: UiEvent[]): { state: PanelState; out: unknown[] } {
  const out: unknown[] = [];
  for (const e of events) {
    const t = applyUiEvent(s, e);
    s = t.state;
    out.push(...t.out);
  }
  return { state: s, out };
}

describe('panel state', () => {
  it('says ready first, and shows the list sorted most severe first after init', () => {
    assert.deepEqual(applyUiEvent(initialState(), { kind: 'ready' }).out, [{ type: 'ready' }]);
    const s = init();
    assert.equal(s.ready, true);
    assert.equal(s.visible.length, 20);
    assert.equal(s.visible[0]!.severity, 'critical');
  });

  it('keeps the Review tab for leads only', () => {
    assert.equal(init({ tab: 'review' }).tab, 'findings');
    assert.equal(init({ tab: 'review', me: lead }).tab, 'review');
    const { out } = run(init(), { kind: 'tab', tab: 'review' });
    assert.deepEqual(out, []);
  });

  it('a click shows details (asks the host once); Enter on the focused row does too', () => {
    const s = init();
    const clicked = run(s, { kind: 'click', index: 2 });
    assert.deepEqual(clicked.out, [{ type: 'select', id: s.visible[2]!.id }]);
    const withDetails = applyHostMessage(clicked.state, {
      type: 'details',
      finding: makeFinding({ id: s.visible[2]!.id }),
      resolved: true,
      history: [],
      outbox: [],
    });
    assert.ok(withDetails.details);
    assert.deepEqual(run(withDetails, { kind: 'click', index: 2 }).out, []);
    const entered = run(s, { kind: 'key', key: 'ArrowDown' }, { kind: 'key', key: 'ArrowDown' }, { kind: 'key', key: 'Enter' });
    assert.deepEqual(entered.out, [{ type: 'select', id: s.visible[1]!.id }]);
  });

  it('ignores details for a finding no longer selected', () => {
    const s = { ...init(), detailsId: 'F-2' };
    assert.equal(applyHostMessage(s, { type: 'details', finding: makeFinding({ id: 'F-1' }), resolved: true, history: [], outbox: [] }), s);
  });

  it('acknowledges several findings from the keyboard, shown pending at once', () => {
    const s = init();
    const r = run(
      s,
      { kind: 'key', key: 'ArrowDown' },
      { kind: 'key', key: 'ArrowDown', mods: { shift: true } },
      { kind: 'key', key: 'ArrowDown', mods: { shift: true } },
      { kind: 'key', key: 'a' },
      { kind: 'formReason', reason: 'will_fix' },
      { kind: 'formSubmit' },
    );
    const ids = s.visible.slice(0, 3).map((i) => i.id);
    assert.deepEqual(r.out, [{ type: 'decide', ids, action: 'acknowledge', reason: 'will_fix', comment: '' }]);
    assert.equal(r.state.form, null);
    assert.deepEqual(
      r.state.visible.slice(0, 3).map((i) => i.outbox?.state),
      ['pending', 'pending', 'pending'],
    );
    assert.equal(r.state.visible[3]!.outbox, undefined);
  });

  it('a dispute without a comment is held with the problem shown; Escape closes the form', () => {
    const s = init();
    const r = run(
      s,
      { kind: 'click', index: 0 },
      { kind: 'key', key: 'd' },
      { kind: 'formReason', reason: 'false_positive' },
      { kind: 'formSubmit' },
    );
    assert.deepEqual(r.out, [{ type: 'select', id: s.visible[0]!.id }]);
    assert.ok(r.state.form?.problems.comment);
    const closed = run(r.state, { kind: 'key', key: 'Escape' });
    assert.equal(closed.state.form, null);
  });

  it('refuses decisions in a restricted workspace, with a message', () => {
    const s = init({ trusted: false });
    const r = run(s, { kind: 'click', index: 0 }, { kind: 'key', key: 'a' });
    assert.equal(r.state.form, null);
    assert.match(r.state.error ?? '', /Restricted Mode/);
    const forced = applyHostMessage(s, { type: 'openForm', ids: ['F-1'], action: 'acknowledge' });
    assert.equal(forced.form, null);
  });

  it('opens the form the host asks for (a quick fix), on that finding', () => {
    const s = applyHostMessage(init(), { type: 'openForm', ids: ['F-7'], action: 'dispute' });
    assert.deepEqual(s.form?.ids, ['F-7']);
    assert.equal(s.form?.draft.action, 'dispute');
    assert.deepEqual(s.selection.selected, ['F-7']);
  });

  it('pre-selects the reason the user already chose (acknowledge as will fix, after a suggested fix), only one of the action', () => {
    const s = applyHostMessage(init(), { type: 'openForm', ids: ['F-7'], action: 'acknowledge', reason: 'will_fix' });
    assert.deepEqual([s.form?.draft.action, s.form?.draft.reason, s.form?.draft.comment], ['acknowledge', 'will_fix', '']);
    const plain = applyHostMessage(init(), { type: 'openForm', ids: ['F-7'], action: 'acknowledge' });
    assert.equal(plain.form?.draft.reason, '', 'otherwise nothing is chosen for the user');
    const mismatched = applyHostMessage(init(), { type: 'openForm', ids: ['F-7'], action: 'dispute', reason: 'will_fix' });
    assert.equal(mismatched.form?.draft.reason, '');
  });

  describe('a form left open when another finding is selected', () => {
    // A dispute drafted on the first row, reason and comment filled in: one Send away from the feed.
    function drafted(): { s: PanelState; first: string; second: string } {
      const start = init();
      const first = start.visible[0]!.id;
      const second = start.visible[1]!.id;
      const s = run(
        start,
        { kind: 'click', index: 0 },
        { kind: 'key', key: 'd' },
        { kind: 'formReason', reason: 'false_positive' },
        { kind: 'formComment', comment: 'Not reachable.' },
      ).state;
      assert.deepEqual(s.form?.ids, [first]);
      return { s, first, second };
    }

    function assertClosedAndNothingSent(s: PanelState): void {
      assert.equal(s.form, null);
      assert.equal(s.notice, FORM_CLOSED_NOTICE);
      assert.deepEqual(run(s, { kind: 'formSubmit' }).out, []);
    }

    it('closes when the host shows another finding (code lens, hover, tree)', () => {
      const { s, second } = drafted();
      const shown = applyHostMessage(s, { type: 'select', id: second });
      assert.equal(shown.detailsId, second);
      assertClosedAndNothingSent(shown);
    });

    it('closes when another row is clicked, or the arrow keys move the selection', () => {
      const { s, second } = drafted();
      const clicked = run(s, { kind: 'click', index: 1 });
      assert.deepEqual(clicked.out, [{ type: 'select', id: second }]);
      assertClosedAndNothingSent(clicked.state);
      assertClosedAndNothingSent(run(s, { kind: 'key', key: 'ArrowDown' }).state);
      assertClosedAndNothingSent(run(s, { kind: 'click', index: 1, mods: { ctrl: true } }).state);
    });

    it('stays open, draft kept, when the same finding is shown again', () => {
      const { s, first } = drafted();
      const again = applyHostMessage(s, { type: 'select', id: first });
      assert.equal(again.form, s.form);
      assert.equal(run(s, { kind: 'click', index: 0 }).state.form, s.form);
      assert.deepEqual(run(again, { kind: 'formSubmit' }).out, [
        { type: 'decide', ids: [first], action: 'dispute', reason: 'false_positive', comment: 'Not reachable.' },
      ]);
    });

    it('is replaced by the form the host opens on another finding (Dispute on its code lens)', () => {
      const { s, second } = drafted();
      const reopened = applyHostMessage(s, { type: 'openForm', ids: [second], action: 'acknowledge' });
      assert.deepEqual(reopened.form?.ids, [second]);
      assert.equal(reopened.form?.draft.comment, '');
    });
  });

  it('filters, and the selection keeps only rows still shown', () => {
    let s = run(init(), { kind: 'key', key: 'a', mods: { ctrl: true } }).state;
    assert.equal(s.selection.selected.length, 20);
    s = run(s, { kind: 'filter', filter: { severities: ['high'], statuses: [], file: '', rule: '', text: '' } }).state;
    assert.ok(s.visible.every((i) => i.severity === 'high'));
    assert.deepEqual([...s.selection.selected].sort(), s.visible.map((i) => i.id).sort());
  });

  it('a refreshed list replaces the pending mark with the server state', () => {
    const s = init();
    const after = applyHostMessage(s, {
      type: 'findings',
      items: [makeItem(0, { outbox: { id: 'o1', state: 'conflict', message: 'The finding changed' } })],
    });
    assert.equal(after.visible.length, 1);
    assert.equal(after.visible[0]!.outbox?.state, 'conflict');
  });

  it('review: leads fetch the list, select decisions and reject with a comment', () => {
    let s = init({ me: lead });
    let r = run(s, { kind: 'tab', tab: 'review' });
    assert.deepEqual(r.out, [
      { type: 'tab', tab: 'review' },
      { type: 'requestReviewList', state: 'pending' },
    ]);
    s = applyHostMessage(r.state, {
      type: 'reviewList',
      state: 'pending',
      decisions: [makeReviewEntry({ id: 'D-1' }), makeReviewEntry({ id: 'D-2' })],
    });
    r = run(s, { kind: 'reviewToggle', id: 'D-2' }, { kind: 'reviewSubmit', decision: 'reject' });
    assert.deepEqual(r.out, []);
    assert.match(r.state.review.problem ?? '', /reject/);
    r = run(r.state, { kind: 'reviewComment', comment: 'Still reachable from the API.' }, { kind: 'reviewSubmit', decision: 'reject' });
    assert.deepEqual(r.out, [{ type: 'review', decisionIds: ['D-2'], decision: 'reject', comment: 'Still reachable from the API.' }]);
    assert.deepEqual(r.state.review.selected, []);
  });

  it('drops a review list for another state filter (a late answer)', () => {
    const s = init({ me: lead });
    assert.equal(applyHostMessage(s, { type: 'reviewList', state: 'all', decisions: [makeReviewEntry()] }).review.decisions.length, 0);
  });

  it('persists only the view settings, never feed text', () => {
    const s = run(init(), { kind: 'click', index: 0 }).state;
    const saved = persistable(s);
    assert.deepEqual(Object.keys(saved).sort(), ['detailsId', 'filter', 'reviewFilter', 'reviewListState', 'tab']);
    const restored = initialState(saved);
    assert.equal(restored.detailsId, s.visible[0]!.id);
  });

  it("sees a decision or review that a sync brought (a lead's review list may read differently), not a list that only moved", () => {
    const decided = {
      action: 'acknowledge' as const,
      reason: 'will_fix',
      actor: 'Dana Developer',
      at: '2026-12-04T10:00:00Z',
      review: null,
    };
    const before = makeItems(5);
    assert.equal(
      decisionsMoved(
        before,
        before.map((i) => ({ ...i, line: i.line + 3 })),
      ),
      false,
      'lines moved, no decision',
    );
    assert.equal(decisionsMoved(before, [...before, makeItem(9)]), false, 'a new finding without a decision');
    assert.equal(decisionsMoved(before, before.slice(1)), false, 'a finding gone without a decision');
    const withDecision = before.map((i, n) => (n === 2 ? { ...i, triage: decided } : i));
    assert.equal(decisionsMoved(before, withDecision), true, 'a new decision');
    assert.equal(
      decisionsMoved(
        withDecision,
        withDecision.map((i) => (i.triage ? { ...i, triage: { ...decided, review: 'approve' as const } } : i)),
      ),
      true,
      'a review',
    );
    assert.equal(
      decisionsMoved(
        withDecision,
        withDecision.filter((i) => !i.triage),
      ),
      true,
      'a finding gone with its decision',
    );
    assert.equal(decisionsMoved(withDecision, [...withDecision].reverse()), false, 'the same decisions in another order');
  });
});
