/**
 * What the panel says about decisions and reviews it has just queued, from the outbox entries the
 * server reports: waiting for the feed while any is pending, stored once all are synced, refused
 * when the feed would not take one. Pure; the Review tab and the status line draw the result.
 */
import type { OutboxEntryView } from '../shared/webview';

/** The entries the host said it queued (their receipts), and what they are. */
export interface QueuedWork {
  kind: 'decision' | 'review';
  entryIds: string[];
}

/** The sentence to show, and whether it reports a failure. */
export interface QueuedStatus {
  text: string;
  failed: boolean;
}

export function queuedStatus(q: QueuedWork, outbox: readonly OutboxEntryView[]): QueuedStatus | null {
  if (q.entryIds.length === 0) return null;
  const byId = new Map(outbox.map((e) => [e.id, e]));
  const entries = q.entryIds.map((id) => byId.get(id));
  const n = entries.length;
  const things = (count: number): string => `${count} ${q.kind}${count === 1 ? '' : 's'}`;
  const waiting = entries.filter((e) => e === undefined || e.state === 'pending').length;
  if (waiting > 0) {
    return {
      text:
        waiting === n
          ? `${things(n)} queued; waiting for the feed to store ${n === 1 ? 'it' : 'them'}.`
          : `${things(n)} queued; ${waiting} still waiting for the feed.`,
      failed: false,
    };
  }
  const failed = entries.filter((e) => e!.state === 'conflict' || e!.state === 'refused');
  if (failed.length > 0) {
    const why = failed[0]!.message ? `: ${failed[0]!.message}` : '.';
    return {
      text: `The feed did not take ${failed.length === n ? (n === 1 ? `the ${q.kind}` : `the ${things(n)}`) : `${failed.length} of the ${things(n)}`}${why}`,
      failed: true,
    };
  }
  return { text: n === 1 ? `The feed stored the ${q.kind}.` : `The feed stored the ${things(n)}.`, failed: false };
}

/**
 * Whether a review the panel saw waiting is now answered by the feed (synced, in conflict or
 * refused): the Review tab's list is then out of date, and is asked for again at once.
 */
export function reviewsSettled(before: readonly OutboxEntryView[], after: readonly OutboxEntryView[]): boolean {
  const waiting = new Set(before.filter((e) => e.kind === 'review' && e.state === 'pending').map((e) => e.id));
  return after.some((e) => e.kind === 'review' && e.state !== 'pending' && waiting.has(e.id));
}
