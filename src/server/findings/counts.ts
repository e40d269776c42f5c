/**
 * The counts the status bar shows, from what the store holds.
 */
import { SEVERITIES, type Severity } from '../../shared/feed';
import type { FindingCounts } from '../../shared/protocol';
import { isResolved } from './findingState';
import type { StoredFinding } from './store';

type Counted = Pick<StoredFinding, 'finding' | 'resolution'>;

/**
 * The status counts, kept as the store changes (told of each finding added and removed), so that a
 * sync of 100 changes does not walk 100,000 findings to count them: shown unresolved findings by
 * severity, resolved ones apart, refused paths apart. A resolved finding whose code changed since
 * its decision (`needsReReview`, see findingState.ts) is not done with: like its diagnostic, it is
 * counted with the shown ones at its severity, and in `reReview`. Whether it needs a re-review
 * depends on the code as it is now, so findings pinned to code are kept apart and walked (only
 * they are asked about) each time the counts are read.
 *
 * `needsDecision` is the Findings view's badge, counted here so that the client need not fetch
 * every row to show it: open findings and those needing a re-review, kept as the rest are, plus
 * those whose newest decision the feed has not taken yet, which the outbox knows (a few, given
 * when the counts are read).
 */
export class CountTally<S extends Counted = StoredFinding> {
  private readonly base = emptyCounts(0);
  private readonly pinned = new Set<S>();

  added(stored: S): void {
    this.apply(stored, 1);
  }

  removed(stored: S): void {
    this.apply(stored, -1);
  }

  /** `awaitingFeed`: the findings whose newest decision is pending, in conflict or refused, each once. */
  counts(invalid: number, needsReReview: (stored: S) => boolean, awaitingFeed: Iterable<S> = []): FindingCounts {
    const counts: FindingCounts = { ...this.base, bySeverity: { ...this.base.bySeverity }, invalid };
    for (const stored of this.pinned) countOne(counts, stored, needsReReview(stored), 1);
    // Not twice: one already open or needing a re-review is counted above.
    for (const stored of awaitingFeed)
      if (stored.finding.status !== 'open' && !(isPinned(stored) && needsReReview(stored))) counts.needsDecision += 1;
    return counts;
  }

  private apply(stored: S, sign: 1 | -1): void {
    if (isPinned(stored)) {
      if (sign > 0) this.pinned.add(stored);
      else this.pinned.delete(stored);
      return;
    }
    countOne(this.base, stored, false, sign);
  }
}

/** A decision pinned to the code of a file in the workspace: whether it needs a re-review changes with that code. */
function isPinned({ finding, resolution }: Counted): boolean {
  return resolution.ok && finding.triage?.codeHash !== undefined;
}

function emptyCounts(invalid: number): FindingCounts {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  return { bySeverity, total: 0, resolved: 0, reReview: 0, needsDecision: 0, invalid, rejectedPaths: 0 };
}

function countOne(counts: FindingCounts, { finding, resolution }: Counted, reReview: boolean, sign: 1 | -1): void {
  if (finding.status === 'open' || reReview) counts.needsDecision += sign;
  if (!resolution.ok) {
    counts.rejectedPaths += sign;
    return;
  }
  if (reReview) counts.reReview += sign;
  if (isResolved(finding) && !reReview) counts.resolved += sign;
  else {
    counts.total += sign;
    counts.bySeverity[finding.severity] += sign;
  }
}
