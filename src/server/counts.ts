/**
 * The counts the status bar shows, from what the store holds.
 */
import { SEVERITIES, type Severity } from '../shared/feed';
import type { FindingCounts } from '../shared/protocol';
import { isResolved } from './findingState';
import type { StoredFinding } from './store';

/** Counts findings: shown unresolved ones by severity, resolved ones apart, refused paths apart. */
export function countFindings(findings: Iterable<Pick<StoredFinding, 'finding' | 'resolution'>>, invalid: number): FindingCounts {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const counts: FindingCounts = { bySeverity, total: 0, resolved: 0, invalid, rejectedPaths: 0 };
  for (const { finding, resolution } of findings) {
    if (!resolution.ok) counts.rejectedPaths += 1;
    else if (isResolved(finding)) counts.resolved += 1;
    else {
      counts.total += 1;
      bySeverity[finding.severity] += 1;
    }
  }
  return counts;
}
