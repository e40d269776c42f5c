/** The finding whole: facts, message, snippet, data flow steps and the history of decisions. */
import type { Finding, TriageDecision } from '../shared/feed';
import type { FindingListItem, OutboxEntryView } from '../shared/webview';
import { fill, h } from './dom';
import { button } from './elements';
import type { UiEvent } from './events';
import { confidenceText, decisionSummary, outboxText, pendingDecisionSummary, reviewSummary, severityLabel } from './labels';
import { renderMarkdown } from './markdownView';
import type { DetailsState } from './state';

export function drawDetails(
  root: HTMLElement,
  details: DetailsState | null,
  loadingId: string | null,
  trusted: boolean,
  dispatch: (e: UiEvent) => void,
): void {
  if (!details) {
    fill(root, h('p', { className: 'muted', text: loadingId ? 'Loading the finding…' : 'Select a finding to see it whole.' }));
    return;
  }
  const f = details.finding;
  fill(
    root,
    h('h2', { text: f.title, attrs: { id: 'details-title' } }),
    facts(f),
    h(
      'div',
      { className: 'actions' },
      button('Acknowledge… (a)', () => dispatch({ kind: 'openForm', action: 'acknowledge' }), { disabled: !trusted }),
      button('Dispute… (d)', () => dispatch({ kind: 'openForm', action: 'dispute' }), { disabled: !trusted, secondary: true }),
      button('Open location', () => dispatch({ kind: 'openLocation' }), { disabled: !details.resolved, secondary: true }),
      f.helpUri ? button('Rule help', () => dispatch({ kind: 'openHelp' }), { secondary: true }) : null,
    ),
    outboxSection(details.outbox),
    h('h3', { text: 'Message' }),
    renderMarkdown(f.message, (url) => dispatch({ kind: 'openLink', url })),
    f.location.snippet ? h('h3', { text: 'Code' }) : null,
    f.location.snippet ? h('pre', { className: 'snippet', text: f.location.snippet }) : null,
    flowSection(f, details.resolved, dispatch),
    historySection(details.history, details.outbox),
  );
}

/**
 * Several findings selected: the details say so, and what can be done with them all (a decision
 * applies to every one), instead of showing one of them as if it were the only one.
 */
export function drawSelection(
  root: HTMLElement,
  selected: readonly FindingListItem[],
  trusted: boolean,
  dispatch: (e: UiEvent) => void,
): void {
  const shown = selected.slice(0, MAX_LISTED);
  fill(
    root,
    h('h2', { text: `${selected.length} findings selected`, attrs: { id: 'details-title' } }),
    h('p', {
      text: trusted
        ? 'Acknowledge or dispute them together: one decision for each, with the same reason and comment.'
        : 'Decisions are disabled in Restricted Mode.',
    }),
    h(
      'div',
      { className: 'actions' },
      button(`Acknowledge ${selected.length}… (a)`, () => dispatch({ kind: 'openForm', action: 'acknowledge' }), { disabled: !trusted }),
      button(`Dispute ${selected.length}… (d)`, () => dispatch({ kind: 'openForm', action: 'dispute' }), {
        disabled: !trusted,
        secondary: true,
      }),
    ),
    h(
      'ul',
      { className: 'selection-list' },
      ...shown.map((i) =>
        h(
          'li',
          {},
          h('span', { className: `sev sev-${i.severity}`, text: severityLabel(i.severity) }),
          ` ${i.title} — ${i.path}:${i.line + 1}`,
        ),
      ),
    ),
    selected.length > shown.length ? h('p', { className: 'muted', text: `and ${selected.length - shown.length} more` }) : null,
    h('p', {
      className: 'muted',
      text: 'Click one finding (or press Enter on it) to see it whole; Ctrl+click or Shift+click changes the selection.',
    }),
  );
}

const MAX_LISTED = 12;

function facts(f: Finding): HTMLElement {
  const rows: [string, string][] = [
    ['Severity', severityLabel(f.severity)],
    ['Confidence', confidenceText(f.confidence)],
    ['Rule', f.ruleId],
    ['CWE', f.cwe?.length ? f.cwe.join(', ') : 'none given'],
    ['Status', f.status],
    ['Location', `${f.location.path}:${f.location.startLine}`],
  ];
  return h('dl', { className: 'facts' }, ...rows.flatMap(([k, v]) => [h('dt', { text: k }), h('dd', { text: v })]));
}

function outboxSection(entries: OutboxEntryView[]): HTMLElement | null {
  if (entries.length === 0) return null;
  return h(
    'ul',
    { className: 'outbox', attrs: { 'aria-live': 'polite' } },
    ...entries.map((e) => h('li', { className: `outbox-${e.state}`, text: outboxText(e) })),
  );
}

function flowSection(f: Finding, resolved: boolean, dispatch: (e: UiEvent) => void): HTMLElement | null {
  if (!f.flow?.length) return null;
  const steps = f.flow.map((step, i) => {
    // The <ol> numbers the steps; the label numbered them again ("1. 1. src/…").
    const label = `${step.location.path}:${step.location.startLine}${step.message ? ` — ${step.message}` : ''}`;
    const b = h('button', { className: 'link', text: label, attrs: { type: 'button', disabled: !resolved, title: 'Open this line' } });
    b.addEventListener('click', () => dispatch({ kind: 'openLocation', step: i }));
    return h('li', {}, b);
  });
  return h('section', {}, h('h3', { text: 'Data flow' }), h('ol', { className: 'flow' }, ...steps));
}

function historySection(history: TriageDecision[], outbox: OutboxEntryView[]): HTMLElement {
  // A decision on its way to the feed is history already: "No decision yet" next to "Decision pending" read as lost.
  const waiting = outbox.filter((e) => e.kind === 'triage' && e.state === 'pending').reverse();
  if (history.length === 0 && waiting.length === 0)
    return h('section', {}, h('h3', { text: 'History' }), h('p', { className: 'muted', text: 'No decision yet.' }));
  return h(
    'section',
    {},
    h('h3', { text: 'History' }),
    h(
      'ol',
      { className: 'history' },
      ...waiting.map((e) => h('li', { className: 'history-pending' }, h('div', { text: pendingDecisionSummary(e) }))),
      ...history.map((d) =>
        h(
          'li',
          {},
          h('div', { text: decisionSummary(d) }),
          d.comment ? h('pre', { className: 'comment', text: d.comment }) : null,
          h('div', { className: 'muted', text: reviewSummary(d) }),
          d.review?.comment ? h('pre', { className: 'comment', text: d.review.comment }) : null,
        ),
      ),
    ),
  );
}
