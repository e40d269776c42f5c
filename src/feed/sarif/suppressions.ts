/**
 * Suppressions already in a log (SARIF §3.35) as decisions by the tool, in the contract's terms
 * (docs/feed-protocol.md, "SARIF": suppressions). The reason code is read from the justification
 * when it names one: Findings Lens's own SARIF export writes `acknowledge: will_fix — comment`, and
 * people write "false positive", "used in tests", "won't fix". Otherwise it is `accepted_risk`: a
 * suppression says the team chose not to act, and claims nothing more about the code.
 */
import { ACKNOWLEDGE_REASONS, DISPUTE_REASONS, type ReviewDecision, type TriageAction } from '../../shared/feed';
import type { SarifSuppression } from './schema';

/** A suppression as a decision: what the tool (or its result store) decided, and whether it stands. */
export interface ToolDecision {
  action: TriageAction;
  reason: string;
  comment: string;
  /** SARIF `kind`: in the source (a comment, an attribute) or in a store outside it. */
  kind: SarifSuppression['kind'];
  /** SARIF `status` as a review: `accepted` (or absent) approved, `rejected` rejected, `underReview` none yet. */
  review: ReviewDecision | null;
}

const WORDS: ReadonlyArray<{ pattern: RegExp; action: TriageAction; reason: string }> = [
  { pattern: /false[\s_-]?positive/i, action: 'dispute', reason: 'false_positive' },
  { pattern: /used[\s_-]in[\s_-]tests?|test[\s_-](code|only|fixture)/i, action: 'dispute', reason: 'used_in_tests' },
  { pattern: /not[\s_-]exploitable/i, action: 'dispute', reason: 'not_exploitable' },
  { pattern: /mitigat/i, action: 'acknowledge', reason: 'mitigated' },
  { pattern: /won'?t[\s_-]?fix|accept(ed)?[\s_-]risk/i, action: 'acknowledge', reason: 'accepted_risk' },
];

/** `acknowledge: will_fix — comment`, as src/client/panel/export/sarif.ts writes it. */
const EXPORTED = /^(acknowledge|dispute): ([a-z_]+)(?: — ([\s\S]*?))?(?: \(review: [a-z]+(?: — [\s\S]*)?\))?$/;

function codeOf(action: TriageAction, reason: string): boolean {
  const codes: readonly string[] = action === 'acknowledge' ? ACKNOWLEDGE_REASONS : DISPUTE_REASONS;
  return codes.includes(reason);
}

/** The action and reason a justification names, and the comment to keep, or undefined. */
export function reasonOfJustification(justification: string): { action: TriageAction; reason: string; comment: string } | undefined {
  const exported = EXPORTED.exec(justification.trim());
  if (exported && codeOf(exported[1] as TriageAction, exported[2]!)) {
    return { action: exported[1] as TriageAction, reason: exported[2]!, comment: exported[3] ?? '' };
  }
  const word = WORDS.find((w) => w.pattern.test(justification));
  return word ? { action: word.action, reason: word.reason, comment: justification } : undefined;
}

function reviewOf(status: SarifSuppression['status']): ReviewDecision | null {
  if (status === 'underReview') return null;
  return status === 'rejected' ? 'reject' : 'approve';
}

export function toolDecision(suppression: SarifSuppression): ToolDecision {
  const justification = suppression.justification?.trim() ?? '';
  const named = justification === '' ? undefined : reasonOfJustification(justification);
  const where = suppression.kind === 'inSource' ? 'in the source' : 'outside the source';
  return {
    action: named?.action ?? 'acknowledge',
    reason: named?.reason ?? 'accepted_risk',
    comment: named?.comment || justification || `Suppressed ${where}, without a justification.`,
    kind: suppression.kind,
    review: reviewOf(suppression.status),
  };
}
