/**
 * The contract of `GET /v1/projects/{project}/events` (server-sent events): the kinds of event
 * and the data each carries, as zod schemas (docs/feed-protocol.md, "Pushed updates"). A client
 * parses each event's `data` with the schema of its `event` name and ignores names it does not know.
 */
import { z } from 'zod';

/** The kinds of change a stream tells about. */
export const FEED_EVENT_KINDS = ['findings', 'decision', 'review'] as const;
export const FeedEventKind = z.enum(FEED_EVENT_KINDS);
export type FeedEventKind = z.infer<typeof FeedEventKind>;

/**
 * A change to the project (`event: findings`, `decision` or `review`). Its SSE `id` is its
 * `syncToken`. Nothing in it is feed text: the client syncs to see what changed.
 */
export const ChangeEvent = z.object({
  project: z.string(),
  /** The project's position once this change is included: a client whose last sync token is this one already has it. */
  syncToken: z.string(),
  /** A sync token from just before the change: an incremental sync from it (or from any earlier token) includes it. */
  since: z.string(),
  at: z.string(),
  /** The finding a decision or review is about. */
  findingId: z.string().optional(),
  /** The decision made, or the decision reviewed. */
  decisionId: z.string().optional(),
  /** How many findings a `findings` event changed. */
  count: z.number().int().nonnegative().optional(),
});
export type ChangeEvent = z.infer<typeof ChangeEvent>;

/** Sent first on every stream (`event: ready`), without an id: the stream is open, and how often its heartbeats come. */
export const ReadyEvent = z.object({
  project: z.string(),
  heartbeatSeconds: z.number().positive(),
});
export type ReadyEvent = z.infer<typeof ReadyEvent>;

/** Why a resumed stream cannot replay what was missed. */
export const RESYNC_REASONS = ['too_far_back', 'unknown_event_id'] as const;

/**
 * `event: resync`: the stream cannot say what happened since `Last-Event-ID`. `incremental`: sync
 * from your own last sync token (it is still good); `full`: the id is not of this feed's history
 * (the feed was reset), so start again with a full sync. Live events follow on the same stream.
 */
export const ResyncEvent = z.object({
  reason: z.enum(RESYNC_REASONS),
  sync: z.enum(['incremental', 'full']),
  message: z.string(),
});
export type ResyncEvent = z.infer<typeof ResyncEvent>;

/** `event: shutdown`: the instance is stopping; the stream ends. Reconnect (with Last-Event-ID) after `retryMs`. */
export const ShutdownEvent = z.object({
  reason: z.enum(['shutting_down', 'access_revoked']),
  retryMs: z.number().int().nonnegative(),
});
export type ShutdownEvent = z.infer<typeof ShutdownEvent>;
