/**
 * How a reason code reads in OpenVEX and how a review reads in SARIF (docs/feed-protocol.md,
 * "Exports"). Kept in one table so the two exporters cannot disagree.
 */
import type { TriageAction } from '../../../shared/feed';
import type { ExportDecision } from './decisions';

export type VexStatus = 'not_affected' | 'affected' | 'fixed' | 'under_investigation';

export interface VexMapping {
  status: VexStatus;
  justification?: string;
  /** Affected statements must say what is done about it. */
  needsActionStatement?: boolean;
}

const VEX: Record<string, VexMapping> = {
  'acknowledge:will_fix': { status: 'affected', needsActionStatement: true },
  'acknowledge:accepted_risk': { status: 'affected', needsActionStatement: true },
  'acknowledge:mitigated': { status: 'not_affected', justification: 'inline_mitigations_already_exist' },
  'dispute:false_positive': { status: 'not_affected', justification: 'vulnerable_code_not_present' },
  'dispute:not_exploitable': { status: 'not_affected', justification: 'vulnerable_code_cannot_be_controlled_by_adversary' },
  'dispute:vulnerable_code_not_in_execute_path': { status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path' },
  'dispute:inline_mitigations_already_exist': { status: 'not_affected', justification: 'inline_mitigations_already_exist' },
  'dispute:used_in_tests': { status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path' },
};

/**
 * The OpenVEX status of a decision. A decision a lead rejected is not a claim the project makes:
 * the finding stands, so it is `affected` with the rejection as the action statement. An unknown
 * reason (a newer feed) is `under_investigation` rather than a guess.
 */
export function vexFor(action: TriageAction, reason: string, review: ExportDecision['review']): VexMapping {
  if (review?.decision === 'reject') return { status: 'affected', needsActionStatement: true };
  return VEX[`${action}:${reason}`] ?? { status: 'under_investigation' };
}

export type SarifSuppressionStatus = 'underReview' | 'accepted' | 'rejected';

export function sarifSuppressionStatus(review: ExportDecision['review']): SarifSuppressionStatus {
  if (review === null) return 'underReview';
  return review.decision === 'approve' ? 'accepted' : 'rejected';
}
