/**
 * What one analysis does to the findings of one scope (a project, tool and category) on its ref,
 * decided from what the feed holds (docs/feed-protocol.md, "Identity across analyses"). Pure: the
 * caller reads the scope and writes the plan.
 *
 * - A result whose finding the scope does not hold is new; one it holds as it was is unchanged; one
 *   that shows something else (a line, a message, a severity…) is changed; one that was fixed (or
 *   withdrawn) is reopened.
 * - A finding this ref reported that the analysis no longer reports is gone from the ref; it is
 *   fixed when no other ref reports it either. Not when the analysis cannot say: a run that is not
 *   complete closes nothing, and a finding whose rule had a result set aside (one that may be it)
 *   is kept as it was.
 */
import type { ScopeFinding } from '../storage/analysesTable';
import type { MappedFinding } from '../sarif/types';

/** One tool and category of the analysis: its runs merged. */
export interface Scope {
  tool: string;
  category: string;
  /** Every run of the scope said what it found. */
  complete: boolean;
  /** Rules (or any rule) with a result that may be a finding but could not be read. */
  unread: { rules: ReadonlySet<string>; anyRule: boolean };
}

/** A result of the analysis with what it shows hashed (src/feed/ingest/content.ts). */
export interface Result {
  mapped: MappedFinding;
  contentHash: string;
}

/** A result whose finding the scope holds. */
export interface Known {
  result: Result;
  existing: ScopeFinding;
}

export interface ScopePlan {
  created: Result[];
  unchanged: Known[];
  changed: Known[];
  reopened: Known[];
  /** Findings the scope holds under these results' ids that are raw test values: the result is set aside. */
  heldByRaw: Result[];
  /** Results this ref did not report before (new, or reported until now on other refs only). */
  reportedHereNow: string[];
  /** Findings this ref reported and no longer does. */
  goneHere: ScopeFinding[];
  /** Of those, the ones no ref reports any more, open or decided: they become fixed. */
  fixed: ScopeFinding[];
  /** Of those, the ones another ref still reports: their status stays. */
  stillElsewhere: ScopeFinding[];
  /** Findings this ref reported that the analysis does not, kept as they were because it cannot say they are gone. */
  keptUnread: ScopeFinding[];
}

/** The statuses of a finding that is reported: a missing one becomes fixed. */
const ACTIVE = new Set(['open', 'acknowledged', 'disputed']);

/** True while a finding is reported (open or decided); false when fixed or withdrawn. */
export function isActive(status: string): boolean {
  return ACTIVE.has(status);
}

function mayClose(scope: Scope, rule: string): boolean {
  return scope.complete && !scope.unread.anyRule && !scope.unread.rules.has(rule);
}

export function planScope(scope: Scope, results: readonly Result[], existing: ReadonlyMap<string, ScopeFinding>): ScopePlan {
  const plan: ScopePlan = {
    created: [],
    unchanged: [],
    changed: [],
    reopened: [],
    heldByRaw: [],
    reportedHereNow: [],
    goneHere: [],
    fixed: [],
    stillElsewhere: [],
    keptUnread: [],
  };
  const seen = new Set<string>();
  for (const result of results) {
    const id = result.mapped.finding.id;
    seen.add(id);
    const found = existing.get(id);
    if (found?.raw) {
      plan.heldByRaw.push(result);
      continue;
    }
    if (!found?.here) plan.reportedHereNow.push(id);
    if (!found) plan.created.push(result);
    else if (!ACTIVE.has(found.status)) plan.reopened.push({ result, existing: found });
    else if (found.contentHash !== result.contentHash) plan.changed.push({ result, existing: found });
    else plan.unchanged.push({ result, existing: found });
  }
  for (const finding of existing.values()) {
    if (!finding.here || seen.has(finding.key)) continue;
    if (!mayClose(scope, finding.rule)) {
      if (ACTIVE.has(finding.status)) plan.keptUnread.push(finding);
      continue;
    }
    plan.goneHere.push(finding);
    if (!ACTIVE.has(finding.status)) continue;
    if (finding.elsewhere) plan.stillElsewhere.push(finding);
    else plan.fixed.push(finding);
  }
  return plan;
}
