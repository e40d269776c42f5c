/**
 * How long to wait before retrying a feed request.
 */

/** The numbers of an exponential backoff. */
export interface BackoffPolicy {
  /** The ceiling of the first retry's wait. */
  baseMs: number;
  /** The largest ceiling however many attempts have failed. */
  capMs: number;
  /** The longest a feed's Retry-After is honoured; a longer one is cut to this. */
  retryAfterCapMs: number;
}

/**
 * The longest Retry-After honoured: a feed that asks for ten minutes is asked again after two (it
 * may say 429 again). Longer waits kept a sync "syncing" with nothing to show for it.
 */
export const RETRY_AFTER_CAP_MS = 120_000;

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 5 * 60_000, retryAfterCapMs: RETRY_AFTER_CAP_MS };

/**
 * Exponential backoff with full jitter: random in [0, min(cap, base*2^attempt)]; a Retry-After (ms)
 * wins, capped at retryAfterCapMs. `random` injectable for tests. `attempt` counts from 0.
 */
export function retryDelay(
  attempt: number,
  retryAfterMs: number | undefined,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs >= 0) {
    return Math.min(retryAfterMs, policy.retryAfterCapMs);
  }
  // 2^30 already exceeds any sane cap; clamping keeps the arithmetic finite for huge attempts.
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(Math.max(attempt, 0), 30));
  return Math.floor(random() * ceiling);
}
