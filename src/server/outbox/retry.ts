/**
 * The outbox's default wait between sends of a pending entry: exponential backoff with full jitter
 * (a random wait in [0, min(cap, base * 2^attempt)]), the feed's Retry-After winning when given.
 */
import type { RetryDelay } from './outcome';

/** The numbers of a backoff policy (the same shape as the feed client's BackoffPolicy). */
export interface OutboxBackoff {
  baseMs: number;
  capMs: number;
  retryAfterCapMs: number;
}

export const OUTBOX_BACKOFF: OutboxBackoff = { baseMs: 1_000, capMs: 5 * 60_000, retryAfterCapMs: 10 * 60_000 };

/** A RetryDelay for that policy; `random` is injectable for tests. */
export function fullJitter(policy: OutboxBackoff, random: () => number = Math.random): RetryDelay {
  return (attempt, retryAfterMs) => {
    if (retryAfterMs !== undefined && retryAfterMs >= 0) return Math.min(retryAfterMs, policy.retryAfterCapMs);
    const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt, 30));
    return Math.floor(random() * ceiling);
  };
}

export const defaultRetryDelay: RetryDelay = fullJitter(OUTBOX_BACKOFF);
