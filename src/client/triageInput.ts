/**
 * What the acknowledge and dispute commands ask the user, without the editor: the reason codes in
 * the user's words, and the checks on the comment and the finding id argument.
 */
// Types only, to keep zod out of the client bundle. The Records below must name every reason code
// of the contract (the compiler checks), in the contract's order (a unit test checks).
import type { AcknowledgeReason, DisputeReason, TriageAction } from '../shared/feed';

/** One reason, as a QuickPick shows it. */
export interface ReasonChoice {
  /** The reason code sent to the feed. */
  code: string;
  label: string;
  description: string;
}

const ACKNOWLEDGE_LABELS: Record<AcknowledgeReason, Omit<ReasonChoice, 'code'>> = {
  will_fix: { label: 'Will fix', description: 'The finding is real and a fix is planned.' },
  accepted_risk: { label: 'Accepted risk', description: 'The finding is real; the risk is accepted for now.' },
  mitigated: { label: 'Mitigated', description: 'The finding is real but another control (configuration, network, a gateway) stops it.' },
};

const DISPUTE_LABELS: Record<DisputeReason, Omit<ReasonChoice, 'code'>> = {
  false_positive: { label: 'False positive', description: 'The code does not do what the finding says.' },
  not_exploitable: { label: 'Not exploitable', description: 'The flaw is there but an attacker cannot reach or control it.' },
  vulnerable_code_not_in_execute_path: {
    label: 'Vulnerable code not in execute path',
    description: 'The flagged code is never run in the shipped product.',
  },
  inline_mitigations_already_exist: {
    label: 'Inline mitigations already exist',
    description: 'The code already guards against this (validation, escaping, a check).',
  },
  used_in_tests: { label: 'Used in tests only', description: 'The code is test-only and never shipped.' },
};

/** The reasons offered for an action, in the contract's order. */
export function reasonChoices(action: TriageAction): ReasonChoice[] {
  const labels: Record<string, Omit<ReasonChoice, 'code'>> = action === 'acknowledge' ? ACKNOWLEDGE_LABELS : DISPUTE_LABELS;
  return Object.entries(labels).map(([code, label]) => ({ code, ...label }));
}

/** Longest comment accepted: the same bound as the triage panel's form (src/shared/webview.ts). */
export const MAX_COMMENT_LENGTH = 10_000;

/** The comment input's check: a message when the comment cannot be sent, else undefined. */
export function validateComment(action: TriageAction, value: string): string | undefined {
  if (action === 'dispute' && value.trim() === '') return 'A dispute needs a comment: say why the finding does not apply.';
  if (value.length > MAX_COMMENT_LENGTH) return `A comment is at most ${MAX_COMMENT_LENGTH} characters (this one has ${value.length}).`;
  return undefined;
}

/**
 * The finding id a command was given. Code lenses pass it as the only argument; anything else
 * (a keybinding with no argument, a stray object) is refused rather than guessed.
 */
export function findingIdArgument(arg: unknown): string | undefined {
  return typeof arg === 'string' && arg.trim() !== '' ? arg : undefined;
}
