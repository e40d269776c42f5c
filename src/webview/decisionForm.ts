/**
 * The decision form's rules, the same as the feed's: the reason must belong to the action, and a
 * dispute needs a comment. Labels are the words the user reads in the picker.
 */
import { ACKNOWLEDGE_REASONS, DISPUTE_REASONS, type TriageAction } from '../shared/feed';

export interface DecisionDraft {
  action: TriageAction;
  reason: string;
  comment: string;
}

/** What is wrong with a draft, by field; empty when it may be sent. */
export interface DraftProblems {
  reason?: string;
  comment?: string;
}

const LABELS: Record<string, string> = {
  will_fix: 'Will fix',
  accepted_risk: 'Accepted risk',
  mitigated: 'Mitigated elsewhere',
  false_positive: 'False positive',
  not_exploitable: 'Not exploitable',
  vulnerable_code_not_in_execute_path: 'Vulnerable code not in execute path',
  inline_mitigations_already_exist: 'Inline mitigations already exist',
  used_in_tests: 'Used in tests only',
};

/** The reasons offered for an action, with their labels, in the feed's order. */
export function reasonsFor(action: TriageAction): { value: string; label: string }[] {
  const values: readonly string[] = action === 'acknowledge' ? ACKNOWLEDGE_REASONS : DISPUTE_REASONS;
  return values.map((value) => ({ value, label: reasonLabel(value) }));
}

/** A reason code in words; unknown codes (a newer feed) are shown as they are. */
export function reasonLabel(reason: string): string {
  return LABELS[reason] ?? reason;
}

export function validateDraft(draft: DecisionDraft): DraftProblems {
  const problems: DraftProblems = {};
  if (!reasonsFor(draft.action).some((r) => r.value === draft.reason)) {
    problems.reason = draft.action === 'acknowledge' ? 'Pick a reason.' : 'Pick a justification.';
  }
  if (draft.action === 'dispute' && draft.comment.trim() === '') problems.comment = 'A dispute needs a comment explaining why.';
  return problems;
}

export function isValidDraft(draft: DecisionDraft): boolean {
  const p = validateDraft(draft);
  return p.reason === undefined && p.comment === undefined;
}

/**
 * A fresh draft: the first reason is not preselected, so the user chooses on purpose; `reason` is
 * preselected only when the user chose it already (a button that said it), and belongs to the action.
 */
export function newDraft(action: TriageAction, reason?: string): DecisionDraft {
  const chosen = reason !== undefined && reasonsFor(action).some((r) => r.value === reason) ? reason : '';
  return { action, reason: chosen, comment: '' };
}
