/**
 * The panel's state and how host messages change it. Pure: `(state, message) → state`, so the
 * whole panel's logic is tested in plain Node; the DOM modules only draw the result.
 */
import type { Finding, Me, TriageDecision } from '../shared/feed';
import type { FindingListItem, HostToWebview, OutboxEntryView, PanelTab, ReviewListEntry, ReviewListState } from '../shared/webview';
import { newDraft, type DecisionDraft, type DraftProblems } from './decisionForm';
import { EMPTY_FILTER, filterFindings, sortFindings, type FindingFilter } from '../shared/filter';
import { EMPTY_REVIEW_FILTER, type ReviewFilter } from './reviewFilter';
import type { QueuedWork } from './queued';
import { EMPTY_SELECTION, retainVisible, selectOnly, type Selection } from './selection';

/** The decision form, open on one or more findings. */
export interface DecisionFormState {
  ids: string[];
  draft: DecisionDraft;
  /** Shown only after the user tried to send, so the form does not scold before they type. */
  problems: DraftProblems;
}

export interface DetailsState {
  finding: Finding;
  resolved: boolean;
  history: TriageDecision[];
  outbox: OutboxEntryView[];
}

export interface ReviewState {
  listState: ReviewListState;
  decisions: ReviewListEntry[];
  filter: ReviewFilter;
  selected: string[];
  comment: string;
  loading: boolean;
  /** Why the last approve or reject did not go (shown next to its buttons), or null. */
  problem: string | null;
}

export interface PanelState {
  /** False until `init` arrives. */
  ready: boolean;
  me: Me | null;
  trusted: boolean;
  tab: PanelTab;
  /** Every finding, most severe first. */
  items: FindingListItem[];
  filter: FindingFilter;
  /** `items` after the filter: what the list shows. */
  visible: FindingListItem[];
  selection: Selection;
  detailsId: string | null;
  details: DetailsState | null;
  outbox: OutboxEntryView[];
  form: DecisionFormState | null;
  review: ReviewState;
  error: string | null;
  notice: string | null;
  /** Decisions or reviews just queued, followed until the feed has them (see queued.ts). */
  queued: QueuedWork | null;
}

/** What survives a reload (webview `setState`), small and free of feed text. */
export interface PersistedState {
  tab: PanelTab;
  filter: FindingFilter;
  detailsId: string | null;
  reviewListState: ReviewListState;
  reviewFilter: ReviewFilter;
}

export function initialState(saved?: Partial<PersistedState> | null): PanelState {
  return {
    ready: false,
    me: null,
    trusted: true,
    tab: saved?.tab ?? 'findings',
    items: [],
    filter: saved?.filter ?? EMPTY_FILTER,
    visible: [],
    selection: EMPTY_SELECTION,
    detailsId: saved?.detailsId ?? null,
    details: null,
    outbox: [],
    form: null,
    review: {
      listState: saved?.reviewListState ?? 'pending',
      decisions: [],
      filter: saved?.reviewFilter ?? EMPTY_REVIEW_FILTER,
      selected: [],
      comment: '',
      loading: false,
      problem: null,
    },
    error: null,
    notice: null,
    queued: null,
  };
}

export function persistable(s: PanelState): PersistedState {
  return { tab: s.tab, filter: s.filter, detailsId: s.detailsId, reviewListState: s.review.listState, reviewFilter: s.review.filter };
}

export function isLead(s: PanelState): boolean {
  return s.me?.role === 'lead';
}

/** Applies one (already parsed) host message. */
export function applyHostMessage(s: PanelState, m: HostToWebview): PanelState {
  switch (m.type) {
    case 'init': {
      const tab = m.tab === 'review' && m.me?.role !== 'lead' ? 'findings' : m.tab;
      const detailsId = m.selectedId ?? s.detailsId;
      // What was said to another user (a developer's "1 decision queued" before a lead's token) is not theirs.
      const said = sameUser(s.me, m.me)
        ? {}
        : { error: null, notice: null, queued: null, review: { ...s.review, problem: null, selected: [] } };
      const next = withItems({ ...s, ...said, ready: true, me: m.me, trusted: m.trusted, tab }, m.items);
      return detailsId ? { ...next, detailsId, selection: selectOnly(detailsId) } : next;
    }
    case 'findings':
      return withItems(s, m.items);
    case 'details':
      if (m.finding.id !== s.detailsId) return s;
      return { ...s, details: { finding: m.finding, resolved: m.resolved, history: m.history, outbox: m.outbox } };
    case 'outbox':
      return withOutbox(s, m.entries);
    case 'reviewsChanged':
      // What changed is asked for (main.ts); the list shown stays until the answer.
      return s;
    case 'reviewList':
      if (m.state !== s.review.listState) return s;
      return {
        ...s,
        review: {
          ...s.review,
          decisions: m.decisions,
          loading: false,
          selected: s.review.selected.filter((id) => m.decisions.some((d) => d.id === id)),
        },
      };
    case 'select':
      return closeStaleForm(s, {
        ...s,
        tab: 'findings',
        detailsId: m.id,
        details: s.details?.finding.id === m.id ? s.details : null,
        selection: selectOnly(m.id),
      });
    case 'openForm':
      return {
        ...s,
        tab: 'findings',
        form: s.trusted ? { ids: m.ids, draft: newDraft(m.action, m.reason), problems: {} } : null,
        error: s.trusted ? s.error : untrustedMessage(),
        detailsId: m.ids[0] ?? s.detailsId,
        selection: m.ids.length === 1 ? selectOnly(m.ids[0]!) : s.selection,
      };
    case 'trust':
      return { ...s, trusted: m.trusted, form: m.trusted ? s.form : null };
    case 'error':
      if (m.about === 'review') return { ...s, review: { ...s.review, loading: false, problem: m.message } };
      return { ...s, error: m.message, notice: null, review: { ...s.review, loading: false } };
    case 'notice':
      return { ...s, notice: m.message };
    case 'queued':
      return {
        ...s,
        queued: { kind: m.kind, entryIds: m.entryIds },
        notice: null,
        error: null,
        review: m.kind === 'review' ? { ...s.review, problem: null } : s.review,
      };
  }
}

/**
 * The form decides the findings it was opened on, whatever is shown next to it. So when the user
 * moves to another finding while it is open (a click, the arrow keys, or a code lens, hover or the
 * tree asking the host to show one), it closes, and says so: left open, its Send went to the
 * finding it was opened on while the details showed another. A selection that did not change
 * (a click on the row already selected) keeps it.
 */
export function closeStaleForm(before: PanelState, after: PanelState): PanelState {
  const form = after.form;
  if (!form || form !== before.form) return after;
  const moved = after.detailsId !== before.detailsId || !sameIds(after.selection.selected, before.selection.selected);
  return moved ? { ...after, form: null, notice: FORM_CLOSED_NOTICE } : after;
}

export const FORM_CLOSED_NOTICE = 'The decision form was closed because another finding was selected; nothing was sent.';

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

function sameUser(a: Me | null, b: Me | null): boolean {
  return a?.user.id === b?.user.id && a?.role === b?.role;
}

export function untrustedMessage(): string {
  return 'Decisions are disabled in Restricted Mode. Trust this workspace to acknowledge or dispute findings.';
}

/**
 * Whether a decision or review on some finding differs between two lists: a sync brought someone's
 * decision (a polled one: pushed ones come with their own message), so a lead's review list may
 * read differently now.
 */
export function decisionsMoved(before: readonly FindingListItem[], after: readonly FindingListItem[]): boolean {
  const seen = new Map(before.map((i) => [i.id, decisionKey(i)]));
  let kept = 0;
  for (const item of after) {
    const key = seen.get(item.id);
    if (key !== undefined) kept++;
    if (decisionKey(item) !== (key ?? '')) return true;
  }
  if (kept === seen.size) return false;
  // A finding gone with a decision on it (withdrawn): its decision leaves the review list.
  const ids = new Set(after.map((i) => i.id));
  return before.some((i) => i.triage !== undefined && !ids.has(i.id));
}

function decisionKey(item: FindingListItem): string {
  const t = item.triage;
  return t ? `${t.action}\u0000${t.reason}\u0000${t.actor}\u0000${t.at}\u0000${t.review ?? ''}` : '';
}

/** New items: sort once, re-filter, keep the selection on rows still shown. */
export function withItems(s: PanelState, items: readonly FindingListItem[]): PanelState {
  const sorted = sortFindings(items);
  const visible = filterFindings(sorted, s.filter);
  return {
    ...s,
    items: sorted,
    visible,
    selection: retainVisible(
      s.selection,
      visible.map((i) => i.id),
    ),
  };
}

export function withFilter(s: PanelState, filter: FindingFilter): PanelState {
  const visible = filterFindings(s.items, filter);
  return {
    ...s,
    filter,
    visible,
    selection: retainVisible(
      s.selection,
      visible.map((i) => i.id),
    ),
  };
}

function withOutbox(s: PanelState, entries: OutboxEntryView[]): PanelState {
  const details = s.details
    ? { ...s.details, outbox: entries.filter((e) => e.findingId === s.details!.finding.id || e.targetId === s.details!.finding.id) }
    : null;
  return { ...s, outbox: entries, details };
}
