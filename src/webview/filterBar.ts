/** The list's filters: severity, status, file, rule and free text. */
import { FINDING_STATUSES, SEVERITIES } from '../shared/feed';
import { h } from './dom';
import { select, textField } from './elements';
import type { UiEvent } from './events';
import type { FindingFilter } from '../shared/filter';
import { severityLabel } from './labels';

export function createFilterBar(initial: FindingFilter, dispatch: (e: UiEvent) => void): HTMLElement {
  let filter = initial;
  const set = (patch: Partial<FindingFilter>): void => {
    filter = { ...filter, ...patch };
    dispatch({ kind: 'filter', filter });
  };
  return h(
    'div',
    { className: 'filters', attrs: { role: 'search', 'aria-label': 'Filter findings' } },
    ...select(
      'filter-severity',
      'Severity',
      [{ value: '', label: 'Any' }, ...SEVERITIES.map((s) => ({ value: s, label: severityLabel(s) }))],
      initial.severities[0] ?? '',
      (v) => set({ severities: v ? [v as FindingFilter['severities'][number]] : [] }),
    ),
    ...select(
      'filter-status',
      'Status',
      [{ value: '', label: 'Any' }, ...FINDING_STATUSES.map((s) => ({ value: s, label: s }))],
      initial.statuses[0] ?? '',
      (v) => set({ statuses: v ? [v as FindingFilter['statuses'][number]] : [] }),
    ),
    ...textField('filter-file', 'File', initial.file, (file) => set({ file }), 'path contains'),
    ...textField('filter-rule', 'Rule', initial.rule, (rule) => set({ rule }), 'rule id contains'),
    ...textField('filter-text', 'Text', initial.text, (text) => set({ text }), 'title, rule or path'),
  );
}
