/**
 * The outbox's wait between sends of a pending entry: the feed client's exponential backoff with
 * full jitter, the feed's Retry-After winning when given.
 */
import { DEFAULT_BACKOFF, retryDelay, type BackoffPolicy } from '../feed/backoff';
import type { RetryDelay } from './outcome';

/** A RetryDelay for that policy; `random` is injectable for tests. */
export function fullJitter(policy: BackoffPolicy, random: () => number = Math.random): RetryDelay {
  return (attempt, retryAfterMs) => retryDelay(attempt, retryAfterMs, policy, random);
}

export const defaultRetryDelay: RetryDelay = fullJitter(DEFAULT_BACKOFF);
