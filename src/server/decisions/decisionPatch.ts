/**
 * What a decision the feed accepted does to the finding the server holds, so that the editor shows
 * it at once instead of after the next sync (which then brings the feed's own new revision).
 * Mirrors the feed's rules (docs/feed-protocol.md): a triage makes the finding acknowledged or
 * disputed; a review of the latest decision is shown on it, and a rejection re-opens the finding.
 */
import type { TriageDecision } from '../../shared/feed';
import type { FindingCore } from '../findings/store';

/**
 * The finding with `decision` applied, or undefined when the finding already shows it (or a later
 * one): the store is then left alone. `ifMatch` is the revision the triage was sent against: a
 * finding at another revision was already updated by a sync, which knows better.
 */
export function withDecision<F extends FindingCore>(finding: F, decision: TriageDecision, ifMatch?: string): F | undefined {
  if (decision.findingId !== finding.id || finding.status === 'withdrawn') return undefined;
  const shown = finding.triage;
  if (decision.review === null) {
    if (shown?.id === decision.id || (ifMatch !== undefined && ifMatch !== finding.revision)) return undefined;
    return { ...finding, status: decision.action === 'acknowledge' ? 'acknowledged' : 'disputed', triage: decision };
  }
  if (shown?.id !== decision.id || shown.review !== null) return undefined;
  return { ...finding, status: decision.review.decision === 'reject' ? 'open' : finding.status, triage: decision };
}

/** A decision the feed accepted (an outbox entry's result), and the revision a triage was sent against. */
export interface AcceptedDecision {
  decision: TriageDecision;
  ifMatch?: string;
}

/**
 * What accepted decisions change in the findings held: each joins its finding's history, and the
 * findings that do not show it yet come back patched (see {@link withDecision}).
 */
export function patchedByAccepted<F extends FindingCore>(
  accepted: readonly AcceptedDecision[],
  finding: (id: string) => F | undefined,
  history: { record(decision: TriageDecision): void },
): F[] {
  const patched: F[] = [];
  for (const { decision, ifMatch } of accepted) {
    history.record(decision);
    const held = finding(decision.findingId);
    const next = held && withDecision(held, decision, ifMatch);
    if (next) patched.push(next);
  }
  return patched;
}
