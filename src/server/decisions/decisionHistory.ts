/**
 * Every decision the server has seen on each finding, for the details panel's history. The feed
 * only sends a finding's latest decision, so the history is built from what passes by: the latest
 * decision of each finding at every sync, the results of this window's (and the other windows')
 * synced outbox entries, and the lead's review list. It lives in memory: after a restart it starts
 * again from the findings' latest decisions (the cache holds those).
 */
import type { TriageDecision } from '../../shared/feed';

export class DecisionHistory {
  private readonly byFinding = new Map<string, Map<string, TriageDecision>>();
  private readonly findingOfDecision = new Map<string, string>();

  /** Remembers a decision; a later sight of the same decision (with its review, say) replaces the earlier one. */
  record(decision: TriageDecision): void {
    let decisions = this.byFinding.get(decision.findingId);
    if (!decisions) this.byFinding.set(decision.findingId, (decisions = new Map()));
    const known = decisions.get(decision.id);
    // A sight without the review never hides one already seen (an older cache, a late list).
    if (known?.review && !decision.review) return;
    decisions.set(decision.id, decision);
    this.findingOfDecision.set(decision.id, decision.findingId);
  }

  /** Every decision known on the finding, newest first. */
  of(findingId: string): TriageDecision[] {
    const decisions = [...(this.byFinding.get(findingId)?.values() ?? [])];
    return decisions.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.id < b.id ? 1 : -1));
  }

  /** The finding a decision is about, when it has been seen. */
  findingOf(decisionId: string): string | undefined {
    return this.findingOfDecision.get(decisionId);
  }

  /** Another feed or project: nothing seen so far applies. */
  clear(): void {
    this.byFinding.clear();
    this.findingOfDecision.clear();
  }
}
