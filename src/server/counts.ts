/**
 * The counts the status bar shows, from what the store holds.
 */
import { SEVERITIES, type Severity } from '../shared/feed';
import type { FindingCounts } from '../shared/protocol';
import { isResolved } from './findingState';
import type { StoredFinding } from './store';

/**
 * Counts findings: shown unresolved ones by severity, resolved ones apart, refused paths apart. A
 * resolved finding whose code changed since its decision (`needsReReview`, see findingState.ts) is
 * not done with: like its diagnostic, it is counted with the shown ones at its severity, and in
 * `reReview`. `needsReReview` is asked only about findings whose decision is pinned to code.
 */
export function countFindings<S extends Pick<StoredFinding, 'finding' | 'resolution'>>(findings: Iterable<S>, invalid: number, needsReReview: (stored: S) => boolean): FindingCounts {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const counts: FindingCounts = { bySeverity, total: 0, resolved: 0, reReview: 0, invalid, rejectedPaths: 0 };
  for (const stored of findings) {
    const { finding, resolution } = stored;
    if (!resolution.ok) {
      counts.rejectedPaths += 1;
      continue;
    }
    const reReview = finding.triage?.codeHash !== undefined && needsReReview(stored);
    if (reReview) counts.reReview += 1;
    if (isResolved(finding) && !reReview) counts.resolved += 1;
    else {
      counts.total += 1;
      bySeverity[finding.severity] += 1;
    }
  }
  return counts;
}
