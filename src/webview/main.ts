/**
 * The triage panel app. Messages from the host are parsed with the shared zod union and applied
 * to the pure state; user events go through the pure transitions; this file only wires the two to
 * the DOM and draws what changed.
 */
import './zodConfig';
import { HostToWebview, WebviewToHost, parseMessage, type FindingListItem } from '../shared/webview';
import { fill, h } from './dom';
import './elements';
import { applyUiEvent, type UiEvent } from './events';
import { createFilterBar } from './filterBar';
import { drawDetails, drawSelection } from './detailsView';
import { drawForm } from './formView';
import { createListView } from './listView';
import { queuedStatus, reviewsSettled } from './queued';
import { createReviewView } from './reviewView';
import { applyHostMessage, decisionsMoved, initialState, isLead, persistable, type PanelState, type PersistedState } from './state';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
let state = initialState(vscode.getState() as Partial<PersistedState> | null);
let drawn: PanelState | null = null;
let scheduled = false;

function post(message: WebviewToHost): void {
  // The same union the host parses with: a malformed message never leaves.
  const parsed = parseMessage(WebviewToHost, message);
  if (parsed.ok) vscode.postMessage(parsed.message);
  else console.error('[findings-lens] not sent, invalid message:', parsed.error);
}

function dispatch(e: UiEvent): void {
  const { state: next, out } = applyUiEvent(state, e);
  setState(next);
  out.forEach(post);
  if (e.kind === 'key' && next.selection.focusId !== state.selection.focusId) revealFocus(next);
}

function setState(next: PanelState): void {
  const before = state;
  state = next;
  const saved = persistable(next);
  if (JSON.stringify(persistable(before)) !== JSON.stringify(saved)) vscode.setState(saved);
  if (!scheduled) {
    scheduled = true;
    requestAnimationFrame(draw);
  }
}

const status = h('div', { className: 'status', attrs: { role: 'status', 'aria-live': 'polite' } });
const trustBanner = h('div', { className: 'banner', attrs: { role: 'note' } });
const list = createListView(dispatch);
const details = h('section', { className: 'details', attrs: { 'aria-label': 'Finding details', 'aria-live': 'polite' } });
const form = h('section', { className: 'form', attrs: { role: 'dialog', 'aria-modal': 'false' } });
form.hidden = true;
const review = createReviewView(state.review, dispatch);
const findingsPanel = h(
  'div',
  { className: 'findings' },
  createFilterBar(state.filter, dispatch),
  h('div', { className: 'split' }, list.root, h('div', { className: 'side' }, form, details)),
);
const tabs = h(
  'vscode-tabs',
  { attrs: { 'selected-index': state.tab === 'review' ? 1 : 0 } },
  h('vscode-tab-header', { attrs: { slot: 'header' }, text: 'Findings' }),
  h('vscode-tab-panel', {}, findingsPanel),
  h('vscode-tab-header', { className: 'review-tab-header', attrs: { slot: 'header' }, text: 'Review' }),
  h('vscode-tab-panel', {}, review.root),
);
tabs.addEventListener('vsc-tabs-select', (ev) => {
  const index = (ev as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex;
  dispatch({ kind: 'tab', tab: index === 1 ? 'review' : 'findings' });
});
document.body.append(trustBanner, status, tabs);

function draw(): void {
  scheduled = false;
  const s = state;
  const prev = drawn;
  trustBanner.hidden = s.trusted;
  trustBanner.textContent = s.trusted
    ? ''
    : 'Restricted Mode: you can read findings, but decisions are disabled until you trust this workspace.';
  const queued = s.queued && queuedStatus(s.queued, s.outbox);
  fill(
    status,
    s.error ? h('span', { className: 'error', text: s.error }) : null,
    s.notice ? h('span', { text: s.notice }) : null,
    queued ? h('span', { className: queued.failed ? 'error' : 'queued', text: queued.text }) : null,
    !s.ready ? 'Connecting to Findings Lens…' : null,
  );
  if (!prev || prev.visible !== s.visible || prev.selection !== s.selection) list.draw(s.visible, s.selection);
  const several = s.selection.selected.length > 1;
  if (several && (!prev || prev.selection !== s.selection || prev.items !== s.items || prev.trusted !== s.trusted))
    drawSelection(details, selectedItems(s), s.trusted, dispatch);
  else if (
    !several &&
    (!prev ||
      prev.selection.selected.length > 1 ||
      prev.details !== s.details ||
      prev.detailsId !== s.detailsId ||
      prev.trusted !== s.trusted)
  )
    drawDetails(details, s.details, s.detailsId, s.trusted, dispatch);
  if (!prev || prev.form !== s.form) drawForm(form, s.form, prev?.form ?? null, dispatch);
  if (prev?.form && !s.form) list.focus();
  const reviewHeader = tabs.querySelector<HTMLElement>('.review-tab-header');
  if (reviewHeader) reviewHeader.hidden = !isLead(s);
  const index = s.tab === 'review' ? 1 : 0;
  if ((tabs as unknown as { selectedIndex: number }).selectedIndex !== index)
    (tabs as unknown as { selectedIndex: number }).selectedIndex = index;
  if (s.tab === 'review') review.draw(s.review, s.trusted);
  drawn = s;
}

function selectedItems(s: PanelState): FindingListItem[] {
  const chosen = new Set(s.selection.selected);
  return s.visible.filter((i) => chosen.has(i.id));
}

function revealFocus(s: PanelState): void {
  const index = s.visible.findIndex((i) => i.id === s.selection.focusId);
  if (index >= 0) list.reveal(index);
}

window.addEventListener('message', (ev: MessageEvent) => {
  const parsed = parseMessage(HostToWebview, ev.data);
  if (!parsed.ok) {
    console.error('[findings-lens] dropped an invalid message from the host:', parsed.error);
    return;
  }
  const before = state;
  const next = applyHostMessage(state, parsed.message);
  setState(next);
  // A review the lead sent is now stored (or refused) by the feed: the list is asked for again at
  // once (it showed "Review: pending" until another tab was chosen).
  if (parsed.message.type === 'outbox' && next.tab === 'review' && reviewsSettled(before.outbox, next.outbox))
    post({ type: 'requestReviewList', state: next.review.listState });
  if (parsed.message.type === 'select' || parsed.message.type === 'init') {
    revealFocus(next);
    if (next.detailsId && !next.details) post({ type: 'select', id: next.detailsId });
  }
  // A decision or review made elsewhere: the Review tab shown asks again. Pushed by the feed, it
  // comes with its own message; polled, it comes in the list of findings the sync changed.
  // The lists are compared only while the Review tab is shown to a lead.
  const reviewShown = next.tab === 'review' && isLead(next);
  const madeElsewhere =
    reviewShown &&
    (parsed.message.type === 'reviewsChanged' || (parsed.message.type === 'findings' && decisionsMoved(before.items, next.items)));
  if (madeElsewhere) post({ type: 'requestReviewList', state: next.review.listState });
  if (parsed.message.type === 'init' && next.tab === 'review') post({ type: 'requestReviewList', state: next.review.listState });
  // The list changed (a sync, a synced decision): the finding shown may have a new status or
  // history. The editor showed "Status open" next to "Decision synced" without this.
  if (parsed.message.type === 'findings' && next.detailsId && next.details) post({ type: 'select', id: next.detailsId });
});

// Escape closes the form wherever focus is in the panel. It is taken on the way down (capture): the
// form's pickers (vscode-single-select) stop every Escape from going further, even with their list
// closed, so the form stayed open. A picker whose list is open keeps its Escape, to close the list.
document.addEventListener(
  'keydown',
  (ev) => {
    if (ev.key !== 'Escape' || !state.form || ev.composedPath().some(isOpenPicker)) return;
    ev.preventDefault();
    ev.stopPropagation();
    dispatch({ kind: 'formCancel' });
  },
  true,
);

function isOpenPicker(target: EventTarget): boolean {
  return (
    target instanceof HTMLElement && target.tagName === 'VSCODE-SINGLE-SELECT' && (target as HTMLElement & { open?: boolean }).open === true
  );
}

// The details' buttons promise "(a)" and "(d)": those keys work wherever focus rests outside a
// field (the panel opened from a code lens has focus on the page, not in the list), and the list's
// own handler has already taken its keys.
document.addEventListener('keydown', (ev) => {
  const shortcut = (ev.key === 'a' || ev.key === 'd') && !ev.ctrlKey && !ev.metaKey && !ev.altKey;
  if (shortcut && !ev.defaultPrevented && !state.form && state.tab === 'findings' && !inField(ev.target)) {
    ev.preventDefault();
    dispatch({ kind: 'key', key: ev.key });
  }
});

function inField(target: EventTarget | null): boolean {
  return (
    target instanceof Element &&
    target.closest('input, textarea, select, vscode-textfield, vscode-textarea, vscode-single-select, .filters') !== null
  );
}

dispatch({ kind: 'ready' });
