/** The words the panel shows for states and codes. Pure. */
import type { TriageDecision } from '../shared/feed';
import type { FindingListItem, OutboxEntryView } from '../shared/webview';
import { reasonLabel } from './decisionForm';

export { severityLabel } from '../shared/codes';

/** A row's status, then the flags a reviewer must notice. */
export function rowStateText(item: FindingListItem): string {
  const parts: string[] = [item.status];
  if (item.outbox && item.outbox.state !== 'synced') parts.push(item.outbox.state);
  if (item.anchor === 'lost') parts.push('location lost');
  if (item.needsReReview) parts.push('needs re-review');
  return parts.join(' · ');
}

/** "pending", "synced", or "conflict: <the feed's own message>"; a retry is said in the user's time. */
export function outboxText(e: OutboxEntryView, now: number = Date.now()): string {
  const what = e.kind === 'triage' ? 'Decision' : 'Review';
  const msg = e.message ? `: ${e.message}` : '';
  const retry = e.state === 'pending' && e.retryAt ? retryText(e.retryAt, now) : '';
  return `${what} ${e.state}${e.state === 'pending' || e.state === 'conflict' || e.state === 'refused' ? msg : ''}${retry}`;
}

/** " Next try in 25 s (14:05)." — relative, then the local clock; nothing for a time past or unreadable. */
export function retryText(iso: string, now: number, clock: (t: number) => string = localClock): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at) || at <= now) return '';
  const seconds = Math.ceil((at - now) / 1000);
  const rel = seconds < 60 ? `${seconds} s` : seconds < 3600 ? `${Math.round(seconds / 60)} min` : `${Math.round(seconds / 3600)} h`;
  return ` Next try in ${rel} (${clock(at)}).`;
}

/** HH:MM in the user's time zone. */
export function localClock(t: number): string {
  const d = new Date(t);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** A decision sent from here that the feed has not stored yet, as its history line says it. */
export function pendingDecisionSummary(e: OutboxEntryView): string {
  const verb = e.action === 'dispute' ? 'Disputed' : 'Acknowledged';
  return `${verb}${e.reason ? ` (${reasonLabel(e.reason)})` : ''} from this editor: pending, not stored by the feed yet`;
}

/** One line of history: who decided what, when, and why. */
export function decisionSummary(d: TriageDecision): string {
  const verb = d.action === 'acknowledge' ? 'acknowledged' : 'disputed';
  return `${d.actor.name || d.actor.id} ${verb} (${reasonLabel(d.reason)}) on ${formatWhen(d.at)}`;
}

export function reviewSummary(d: TriageDecision): string {
  if (!d.review) return 'Review: pending';
  const verb = d.review.decision === 'approve' ? 'approved' : 'rejected';
  return `Review: ${d.review.actor.name || d.review.actor.id} ${verb} on ${formatWhen(d.review.at)}`;
}

/** ISO time as "2025-01-02 13:04 UTC"; anything unparsable is shown as it came. */
export function formatWhen(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Date(t).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

export function confidenceText(c: number | undefined): string {
  return c === undefined ? 'unknown' : `${Math.round(c * 100)}%`;
}
