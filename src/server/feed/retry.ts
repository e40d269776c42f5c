/**
 * Retrying a feed operation while its failures may go away by themselves (429, 5xx, network,
 * timeout). Waits on a timer the caller's signal cancels; never retries the caller's own abort.
 */
import { DEFAULT_BACKOFF, retryDelay, type BackoffPolicy } from './backoff';
import { FeedRequestError, isRetryable } from './errors';

/** How withRetry retries. */
export interface RetryOptions {
  /** Attempts in all, the first included (1 = no retry). */
  maxAttempts: number;
  policy?: BackoffPolicy;
  signal?: AbortSignal;
  /** Told before each wait: the error, the wait, and the number of the attempt that follows (1 for the first retry). */
  onRetry?: (err: FeedRequestError, delayMs: number, attempt: number) => void;
  random?: () => number;
}

/**
 * Runs fn, retrying retryable errors with retryDelay until maxAttempts or the signal aborts;
 * onRetry tells the caller (for the "offline since HH:MM, retrying" status). Waits with a timer
 * that the signal cancels. `attempt` counts from 0. Throws the last error, or the signal's reason
 * when the caller aborted.
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    opts.signal?.throwIfAborted();
    try {
      return await fn(attempt);
    } catch (err) {
      if (opts.signal?.aborted) throw opts.signal.reason;
      if (!(err instanceof FeedRequestError) || !isRetryable(err) || attempt + 1 >= opts.maxAttempts) throw err;
      const delayMs = retryDelay(attempt, err.retryAfterMs, opts.policy ?? DEFAULT_BACKOFF, opts.random);
      opts.onRetry?.(err, delayMs, attempt + 1);
      await wait(delayMs, opts.signal);
    }
  }
}

/** Resolves after ms, or rejects with the signal's reason as soon as it aborts. */
export function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
