/**
 * One decision in the outbox, as it is stored on disk (one JSON file per entry) and as the client
 * sees it. The entry id is created once, at enqueue time, and is the Idempotency-Key of every send
 * of that entry: a resend after a lost answer is replayed by the feed, never applied twice.
 */
import { z } from 'zod';
import { Finding, ReviewRequest, TriageDecision, TriageRequest } from '../../shared/feed';
import type { OutboxEntryView } from '../../shared/protocol';

export const OUTBOX_STATES = ['pending', 'synced', 'conflict', 'refused'] as const;

const common = {
  /** A random UUID; the file name and the Idempotency-Key. */
  id: z.string().uuid(),
  state: z.enum(OUTBOX_STATES),
  /** Sends tried so far (including ones whose answer never came). */
  attempts: z.number().int().min(0),
  /** Epoch ms before which the sender leaves a pending entry alone (backoff). */
  nextAttemptAt: z.number(),
  /** The feed's own message (conflict, refused) or the last problem while pending. */
  message: z.string().optional(),
  queuedAt: z.string(),
  updatedAt: z.string(),
  /** The feed's decision once synced (for a review: the decision with its review). */
  result: TriageDecision.optional(),
};

/** A developer's acknowledgement or dispute of one finding. */
export const TriageEntry = z.object({
  ...common,
  kind: z.literal('triage'),
  /** The finding id. */
  targetId: z.string().min(1),
  findingId: z.string().min(1),
  body: TriageRequest,
  /** The finding revision the user saw when deciding; sent as If-Match. */
  ifMatch: z.string().min(1),
  /** On 412: the feed's current finding, so that the user can decide again. */
  current: Finding.optional(),
});
export type TriageEntry = z.infer<typeof TriageEntry>;

/** A lead's review of one decision. */
export const ReviewEntry = z.object({
  ...common,
  kind: z.literal('review'),
  /** The decision id. */
  targetId: z.string().min(1),
  findingId: z.string().min(1).optional(),
  body: ReviewRequest,
});
export type ReviewEntry = z.infer<typeof ReviewEntry>;

/** An outbox entry as stored in `<id>.json`. */
export const OutboxEntry = z.discriminatedUnion('kind', [TriageEntry, ReviewEntry]);
export type OutboxEntry = z.infer<typeof OutboxEntry>;

/** True once the feed has answered for good (synced, conflict, refused): it is never sent again. */
export function isFinished(entry: OutboxEntry): boolean {
  return entry.state !== 'pending';
}

/** What the client is told about an entry. */
export function toView(entry: OutboxEntry): OutboxEntryView {
  const view: OutboxEntryView = {
    id: entry.id,
    kind: entry.kind,
    targetId: entry.targetId,
    state: entry.state,
    attempts: entry.attempts,
    queuedAt: entry.queuedAt,
  };
  if (entry.findingId !== undefined) view.findingId = entry.findingId;
  if (entry.message !== undefined) view.message = entry.message;
  if (entry.state === 'pending' && entry.attempts > 0 && entry.nextAttemptAt > 0)
    view.retryAt = new Date(entry.nextAttemptAt).toISOString();
  if (entry.kind === 'triage') {
    view.action = entry.body.action;
    view.reason = entry.body.reason;
  } else view.review = entry.body.decision;
  return view;
}

/** Each finding's newest entry, from views in queue order: the one its list row shows and the badge counts. */
export function newestByFinding(views: readonly OutboxEntryView[]): Map<string, OutboxEntryView> {
  const newest = new Map<string, OutboxEntryView>();
  for (const view of views) if (view.findingId !== undefined) newest.set(view.findingId, view);
  return newest;
}

/** Oldest first, so that decisions reach the feed in the order they were made. */
export function byQueueOrder(a: OutboxEntry, b: OutboxEntry): number {
  return a.queuedAt < b.queuedAt ? -1 : a.queuedAt > b.queuedAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
