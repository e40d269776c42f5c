/**
 * What the user does in the panel, as pure transitions: `(state, event) → { state, out }`, where
 * `out` are the messages to post to the host. The DOM layer turns clicks and keys into events.
 */
import type { TriageAction } from '../shared/feed';
import type { ExportFormat, PanelTab, ReviewListState, WebviewToHost } from '../shared/webview';
import { isValidDraft, newDraft, validateDraft } from './decisionForm';
import type { FindingFilter } from '../shared/filter';
import type { ReviewFilter } from './reviewFilter';
import { clickRow, moveFocus, selectAll, selectOnly, toggleFocused, type Modifiers } from './selection';
import { closeStaleForm, isLead, untrustedMessage, withFilter, type PanelState } from './state';

export type UiEvent =
  | { kind: 'ready' }
  | { kind: 'filter'; filter: FindingFilter }
  | { kind: 'click'; index: number; mods?: Modifiers }
  | { kind: 'key'; key: string; mods?: Modifiers; pageSize?: number }
  | { kind: 'openForm'; action: TriageAction }
  | { kind: 'formReason'; reason: string }
  | { kind: 'formComment'; comment: string }
  | { kind: 'formSubmit' }
  | { kind: 'formCancel' }
  | { kind: 'tab'; tab: PanelTab }
  | { kind: 'openLocation'; step?: number }
  | { kind: 'openHelp' }
  | { kind: 'openLink'; url: string }
  | { kind: 'export'; format: ExportFormat }
  | { kind: 'reviewListState'; state: ReviewListState }
  | { kind: 'reviewFilter'; filter: ReviewFilter }
  | { kind: 'reviewToggle'; id: string }
  | { kind: 'reviewComment'; comment: string }
  | { kind: 'reviewSubmit'; decision: 'approve' | 'reject' }
  | { kind: 'dismiss' };

export interface Transition {
  state: PanelState;
  out: WebviewToHost[];
}

const none = (state: PanelState): Transition => ({ state, out: [] });

export function applyUiEvent(s: PanelState, e: UiEvent): Transition {
  switch (e.kind) {
    case 'ready':
      return { state: s, out: [{ type: 'ready' }] };
    case 'filter':
      return none(withFilter(s, e.filter));
    case 'click':
      return formOnItsFindings(s, clicked(s, e.index, e.mods ?? {}));
    case 'key':
      return formOnItsFindings(s, keyPressed(s, e.key, e.mods ?? {}, e.pageSize ?? 10));
    case 'openForm':
      return openForm(s, e.action);
    case 'formReason':
      return none(s.form ? { ...s, form: { ...s.form, draft: { ...s.form.draft, reason: e.reason }, problems: {} } } : s);
    case 'formComment':
      return none(s.form ? { ...s, form: { ...s.form, draft: { ...s.form.draft, comment: e.comment }, problems: {} } } : s);
    case 'formSubmit':
      return submitForm(s);
    case 'formCancel':
      return none({ ...s, form: null });
    case 'tab':
      return switchTab(s, e.tab);
    case 'openLocation':
      return s.detailsId
        ? { state: s, out: [{ type: 'openLocation', findingId: s.detailsId, ...(e.step === undefined ? {} : { step: e.step }) }] }
        : none(s);
    case 'openHelp':
      return s.detailsId ? { state: s, out: [{ type: 'openHelp', findingId: s.detailsId }] } : none(s);
    case 'openLink':
      return s.detailsId ? { state: s, out: [{ type: 'openLink', findingId: s.detailsId, url: e.url }] } : none(s);
    case 'export':
      return { state: s, out: [{ type: 'export', format: e.format }] };
    case 'reviewListState':
      return {
        state: { ...s, review: { ...s.review, listState: e.state, decisions: [], selected: [], loading: true } },
        out: [{ type: 'requestReviewList', state: e.state }],
      };
    case 'reviewFilter':
      return none({ ...s, review: { ...s.review, filter: e.filter } });
    case 'reviewToggle': {
      const sel = s.review.selected;
      return none({ ...s, review: { ...s.review, selected: sel.includes(e.id) ? sel.filter((x) => x !== e.id) : [...sel, e.id] } });
    }
    case 'reviewComment':
      return none({ ...s, review: { ...s.review, comment: e.comment, problem: null } });
    case 'reviewSubmit':
      return submitReview(s, e.decision);
    case 'dismiss':
      return none({ ...s, error: null, notice: null, queued: null });
  }
}

/** Moving to another finding closes a form open on the previous one (see closeStaleForm). */
function formOnItsFindings(before: PanelState, t: Transition): Transition {
  return { state: closeStaleForm(before, t.state), out: t.out };
}

function clicked(s: PanelState, index: number, mods: Modifiers): Transition {
  const ids = s.visible.map((i) => i.id);
  const selection = clickRow(s.selection, ids, index, mods);
  if (mods.shift || mods.ctrl) return none({ ...s, selection });
  return showDetails({ ...s, selection }, selection.focusId);
}

function showDetails(s: PanelState, id: string | null): Transition {
  if (id === null) return none(s);
  if (id === s.detailsId && s.details) return none(s);
  return { state: { ...s, detailsId: id, details: null }, out: [{ type: 'select', id }] };
}

function keyPressed(s: PanelState, key: string, mods: Modifiers, pageSize: number): Transition {
  if (s.form && key === 'Escape') return none({ ...s, form: null });
  const ids = s.visible.map((i) => i.id);
  const move = (delta: number): Transition => none({ ...s, selection: moveFocus(s.selection, ids, delta, mods) });
  switch (key) {
    case 'ArrowDown':
      return move(1);
    case 'ArrowUp':
      return move(-1);
    case 'PageDown':
      return move(pageSize);
    case 'PageUp':
      return move(-pageSize);
    case 'Home':
      return move(-ids.length);
    case 'End':
      return move(ids.length);
    case ' ':
      return none({ ...s, selection: toggleFocused(s.selection) });
    case 'Enter':
      return showDetails(
        {
          ...s,
          selection: s.selection.focusId
            ? s.selection.selected.includes(s.selection.focusId)
              ? s.selection
              : selectOnly(s.selection.focusId)
            : s.selection,
        },
        s.selection.focusId,
      );
    case 'Escape':
      return none(s.error || s.notice || s.queued ? { ...s, error: null, notice: null, queued: null } : s);
  }
  if (mods.ctrl && (key === 'a' || key === 'A')) return none({ ...s, selection: selectAll(s.selection, ids) });
  if (!mods.ctrl && key === 'a') return openForm(s, 'acknowledge');
  if (!mods.ctrl && key === 'd') return openForm(s, 'dispute');
  return none(s);
}

/** The ids a decision applies to: the selection, else the focused row, else the details shown. */
export function decisionTargets(s: PanelState): string[] {
  if (s.selection.selected.length) return s.selection.selected.slice();
  if (s.selection.focusId) return [s.selection.focusId];
  return s.detailsId ? [s.detailsId] : [];
}

function openForm(s: PanelState, action: TriageAction): Transition {
  if (!s.trusted) return none({ ...s, error: untrustedMessage() });
  const ids = decisionTargets(s);
  if (ids.length === 0) return none({ ...s, notice: 'Select one or more findings first.' });
  return none({ ...s, tab: 'findings', form: { ids, draft: newDraft(action), problems: {} } });
}

function submitForm(s: PanelState): Transition {
  if (!s.form) return none(s);
  if (!s.trusted) return none({ ...s, form: null, error: untrustedMessage() });
  const { ids, draft } = s.form;
  if (!isValidDraft(draft)) return none({ ...s, form: { ...s.form, problems: validateDraft(draft) } });
  const pending = new Set(ids);
  // Shown at once as pending; the host's outbox and list updates replace it with the real state.
  const markPending = <T extends { id: string; outbox?: { id: string; state: string; message?: string } }>(i: T): T =>
    pending.has(i.id) ? { ...i, outbox: { id: i.outbox?.id ?? 'local', state: 'pending' } } : i;
  return {
    state: { ...s, form: null, items: s.items.map(markPending), visible: s.visible.map(markPending), notice: null, error: null },
    out: [{ type: 'decide', ids, action: draft.action, reason: draft.reason, comment: draft.comment }],
  };
}

function switchTab(s: PanelState, tab: PanelTab): Transition {
  if (tab === 'review' && !isLead(s)) return none(s);
  if (tab === s.tab) return none(s);
  const out: WebviewToHost[] = [{ type: 'tab', tab }];
  if (tab === 'review') out.push({ type: 'requestReviewList', state: s.review.listState });
  return { state: { ...s, tab, form: null, review: tab === 'review' ? { ...s.review, loading: true } : s.review }, out };
}

function submitReview(s: PanelState, decision: 'approve' | 'reject'): Transition {
  if (!isLead(s) || s.review.selected.length === 0) return none(s);
  if (!s.trusted) return none({ ...s, error: untrustedMessage() });
  if (decision === 'reject' && s.review.comment.trim() === '')
    return none({ ...s, review: { ...s.review, problem: 'Say why you reject: the comment goes back to the developer.' } });
  return {
    state: { ...s, review: { ...s.review, selected: [], comment: '', problem: null }, error: null },
    out: [{ type: 'review', decisionIds: s.review.selected.slice(), decision, comment: s.review.comment }],
  };
}
