/**
 * What a decision says in OpenVEX and in SARIF (docs/feed-protocol.md, "Reason codes, OpenVEX and
 * SARIF"), by what was decided, not by what was asked: a developer's dispute is a claim until a
 * lead approves it. Kept in one file so the two exporters cannot disagree.
 */
import type { ExportDecision } from './decisions';

export type VexStatus = 'not_affected' | 'affected' | 'fixed' | 'under_investigation';

/** The OpenVEX justifications, for the dispute reasons that have one. */
const JUSTIFICATIONS: Record<string, string> = {
  false_positive: 'vulnerable_code_not_present',
  not_exploitable: 'vulnerable_code_cannot_be_controlled_by_adversary',
  vulnerable_code_not_in_execute_path: 'vulnerable_code_not_in_execute_path',
  inline_mitigations_already_exist: 'inline_mitigations_already_exist',
  used_in_tests: 'vulnerable_code_not_in_execute_path',
};

export interface VexMapping {
  status: VexStatus;
  justification?: string;
}

/**
 * The OpenVEX status of a decision:
 * - an acknowledgement says the finding is real: `affected` (with what is done about it), whatever the review;
 * - a dispute is `not_affected` only once a lead approved it (with its justification);
 *   while it waits it is `under_investigation`; rejected, the finding stands: `affected`.
 */
export function vexFor(d: Pick<ExportDecision, 'action' | 'reason' | 'review'>): VexMapping {
  if (d.action === 'acknowledge') return { status: 'affected' };
  if (d.review === null) return { status: 'under_investigation' };
  if (d.review.decision === 'reject') return { status: 'affected' };
  const justification = JUSTIFICATIONS[d.reason];
  return justification ? { status: 'not_affected', justification } : { status: 'not_affected' };
}

/** What is done about an affected finding (OpenVEX requires it), per reason, in the user's words. */
export function actionStatement(d: ExportDecision): string {
  const comment = d.comment.trim() ? ` ${d.comment.trim()}` : '';
  if (d.action === 'dispute') {
    const why = d.review?.comment.trim() ? `: ${d.review.comment.trim().replace(/\.$/, '')}` : '';
    return `The dispute (${d.reason}) was rejected in review${why}. The finding stands and needs a fix.`;
  }
  const base = ACKNOWLEDGED[d.reason] ?? `Acknowledged (${d.reason}).`;
  const rejected =
    d.review?.decision === 'reject'
      ? ` A lead rejected this in review${d.review.comment.trim() ? `: ${d.review.comment.trim()}` : ''}.`
      : '';
  return `${base}${comment}${rejected}`;
}

const ACKNOWLEDGED: Record<string, string> = {
  will_fix: 'Will fix: a fix is planned.',
  accepted_risk: 'Risk accepted: no fix is planned.',
  mitigated: 'Mitigated elsewhere: the risk is reduced outside this code.',
};

/** "approved by Lee", "rejected by Lee", or "not reviewed yet". */
export function reviewText(review: ExportDecision['review']): string {
  if (review === null) return 'not reviewed yet';
  const who = review.actor ? ` by ${review.actor}` : '';
  return `${review.decision === 'approve' ? 'approved' : 'rejected'}${who}`;
}

export type SarifSuppressionStatus = 'underReview' | 'accepted' | 'rejected';

/**
 * Whether a decision asks for the finding to be suppressed: a dispute, an accepted risk, a
 * mitigation. "Will fix" does not: nothing was suppressed, the finding is to be fixed.
 */
export function asksSuppression(d: Pick<ExportDecision, 'action' | 'reason'>): boolean {
  return d.action === 'dispute' || d.reason === 'accepted_risk' || d.reason === 'mitigated';
}

/** The suppression's status: under review until a lead decides; a rejected one suppresses nothing. */
export function sarifSuppressionStatus(review: ExportDecision['review']): SarifSuppressionStatus {
  if (review === null) return 'underReview';
  return review.decision === 'approve' ? 'accepted' : 'rejected';
}
