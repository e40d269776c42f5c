/** The lead's Review tab: filters, the decisions (pending first), approve/reject, and export. */
import { REVIEW_DECISIONS, SEVERITIES, type TriageDecision } from '../shared/feed';
import { EXPORT_FORMATS, type ReviewListEntry } from '../shared/webview';
import { fill, h } from './dom';
import { button, select, textArea, textField } from './elements';
import { reasonsFor } from './decisionForm';
import type { UiEvent } from './events';
import { decisionSummary, reviewSummary, severityLabel } from './labels';
import { filterReviewList, reviewStatus, sortReviewList } from './reviewFilter';
import type { ReviewState } from './state';

export interface ReviewView {
  root: HTMLElement;
  draw(review: ReviewState, trusted: boolean): void;
}

const EXPORT_LABELS: Record<(typeof EXPORT_FORMATS)[number], string> = {
  csv: 'Export CSV',
  openvex: 'Export OpenVEX',
  sarif: 'Export SARIF',
};

export function createReviewView(initial: ReviewState, dispatch: (e: UiEvent) => void): ReviewView {
  let filter = initial.filter;
  const setFilter = (patch: Partial<typeof filter>): void => {
    filter = { ...filter, ...patch };
    dispatch({ kind: 'reviewFilter', filter });
  };
  const reasons = [...reasonsFor('acknowledge'), ...reasonsFor('dispute')];
  const controls = h(
    'div',
    { className: 'filters', attrs: { role: 'group', 'aria-label': 'Review filters' } },
    ...select(
      'review-state',
      'Show',
      [
        { value: 'pending', label: 'Pending review' },
        { value: 'reviewed', label: 'Reviewed' },
        { value: 'all', label: 'All' },
      ],
      initial.listState,
      (v) => dispatch({ kind: 'reviewListState', state: v as ReviewState['listState'] }),
    ),
    ...textField('review-person', 'Person', filter.person, (person) => setFilter({ person }), 'name or id'),
    ...select(
      'review-status',
      'Status',
      [
        { value: '', label: 'Any' },
        { value: 'pending', label: 'Pending' },
        { value: 'approved', label: 'Approved' },
        { value: 'rejected', label: 'Rejected' },
      ],
      filter.status,
      (v) => setFilter({ status: v as typeof filter.status }),
    ),
    ...select(
      'review-severity',
      'Severity',
      [{ value: '', label: 'Any' }, ...SEVERITIES.map((s) => ({ value: s, label: severityLabel(s) }))],
      filter.severity,
      (v) => setFilter({ severity: v as typeof filter.severity }),
    ),
    ...select('review-reason', 'Reason', [{ value: '', label: 'Any' }, ...reasons], filter.reason, (reason) => setFilter({ reason })),
  );
  const list = h('ul', { className: 'review-list', attrs: { 'aria-label': 'Decisions to review' } });
  const count = h('p', { className: 'muted', attrs: { 'aria-live': 'polite' } });
  // Next to the buttons that caused it, and read out at once: at the top of the panel it was scrolled out of view.
  const problem = h('div', { className: 'problem', attrs: { id: 'review-problem', role: 'alert', 'aria-live': 'assertive' } });
  const decide = h(
    'div',
    { className: 'review-decide' },
    ...textArea('review-comment', 'Review comment (required to reject)', initial.comment, (comment) =>
      dispatch({ kind: 'reviewComment', comment }),
    ),
    h(
      'div',
      { className: 'actions' },
      ...REVIEW_DECISIONS.map((d) =>
        button(d === 'approve' ? 'Approve selected' : 'Reject selected', () => dispatch({ kind: 'reviewSubmit', decision: d }), {
          secondary: d === 'reject',
        }),
      ),
    ),
    problem,
  );
  const exports = h(
    'div',
    { className: 'actions' },
    ...EXPORT_FORMATS.map((format) => button(EXPORT_LABELS[format], () => dispatch({ kind: 'export', format }), { secondary: true })),
  );
  const root = h('div', { className: 'review' }, controls, count, list, decide, exports);
  let last: ReviewState | null = null;

  return {
    root,
    draw(review, trusted) {
      // Sent (approved or rejected): the comment box empties, or its text went with the next review.
      // Checked before the early return below, which typing in the box takes: `last` kept the
      // comment from before it was typed, so the box was never emptied.
      if (last && review.comment === '' && last.comment !== '') {
        const t = decide.querySelector('#review-comment') as unknown as { value: string } | null;
        if (t) t.value = '';
      }
      if (problem.textContent !== (review.problem ?? '')) problem.textContent = review.problem ?? '';
      if (
        last &&
        last.decisions === review.decisions &&
        last.filter === review.filter &&
        last.selected === review.selected &&
        last.loading === review.loading
      ) {
        last = review;
        return;
      }
      const shown = sortReviewList(filterReviewList(review.decisions, review.filter));
      count.textContent = review.loading
        ? 'Loading decisions…'
        : `${shown.length} of ${review.decisions.length} decisions, ${review.selected.length} selected`;
      fill(list, ...shown.map((d) => reviewRow(d, review.selected.includes(d.id), dispatch)));
      decide.querySelectorAll('vscode-button').forEach((b) => b.toggleAttribute('disabled', !trusted || review.selected.length === 0));
      last = review;
    },
  };
}

function reviewRow(d: ReviewListEntry, selected: boolean, dispatch: (e: UiEvent) => void): HTMLElement {
  const box = h('vscode-checkbox', { text: 'Select', attrs: { checked: selected, 'aria-label': `Select decision on ${d.finding.title}` } });
  box.addEventListener('change', () => dispatch({ kind: 'reviewToggle', id: d.id }));
  return h(
    'li',
    { className: `review-row review-${reviewStatus(d)}` },
    box,
    h(
      'div',
      { className: 'review-body' },
      h('div', { className: 'title', text: `${severityLabel(d.finding.severity)} · ${d.finding.title} · ${d.finding.ruleId}` }),
      h('div', { className: 'where', text: `${d.finding.location.path}:${d.finding.location.startLine}` }),
      d.finding.location.snippet ? h('pre', { className: 'snippet', text: d.finding.location.snippet }) : null,
      h('div', { text: decisionSummary(d as TriageDecision) }),
      d.comment ? h('pre', { className: 'comment', text: d.comment }) : null,
      h('div', { className: 'muted', text: reviewSummary(d) }),
    ),
  );
}
