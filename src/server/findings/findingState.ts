/**
 * How a finding stands for display: resolved or not, and the words used for it.
 */
import type { FindingCore as Finding } from './store';
export { severityLabel } from '../../shared/codes';

/**
 * A finding is resolved when it was acknowledged, when a lead approved its dispute, or when the
 * feed says it is fixed: it is then shown dimmed (or hidden) and counted apart.
 */
export function isResolved(finding: Finding): boolean {
  if (finding.status === 'acknowledged' || finding.status === 'fixed') return true;
  return finding.status === 'disputed' && finding.triage?.action === 'dispute' && finding.triage.review?.decision === 'approve';
}

/**
 * A decision is pinned to the code it judged (`triage.codeHash`). While the decision stands (the
 * finding is acknowledged or disputed) and the flagged lines now hash differently, a lead should
 * look again. `currentHash` is undefined when the code cannot be read or is gone: no verdict then.
 */
export function needsReReview(finding: Finding, currentHash: string | undefined): boolean {
  const pinned = finding.triage?.codeHash;
  if (pinned === undefined || currentHash === undefined) return false;
  if (finding.status !== 'acknowledged' && finding.status !== 'disputed') return false;
  return pinned !== currentHash;
}

/**
 * The status in the user's words: "open", "acknowledged", "disputed (pending review)", "dispute
 * approved", …, with ", needs re-review" when the code the decision judged has changed since.
 */
export function statusLabel(finding: Finding, reReview = false): string {
  if (reReview) return `${baseStatusLabel(finding)}, needs re-review`;
  return baseStatusLabel(finding);
}

function baseStatusLabel(finding: Finding): string {
  if (finding.status !== 'disputed') return finding.status;
  const review = finding.triage?.review?.decision;
  if (review === 'approve') return 'dispute approved';
  if (review === 'reject') return 'dispute rejected';
  return 'disputed (pending review)';
}
