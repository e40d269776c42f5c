/**
 * One sync against the feed: a client for the current URL and token, every page fetched, retried
 * with backoff while the feed is unreachable. Nothing here touches the store: the caller applies
 * the outcome only once the whole sync succeeded.
 */
import { FeedClient } from './feed/client';
import { FeedRequestError } from './feed/errors';
import type { Finding } from '../shared/feed';
import { syncFindings, withRetry, type SyncCursor, type SyncOutcome } from './feed/sync';
import type { FailureInfo } from './syncState';

/** Where and as whom to sync. */
export interface FeedTarget {
  baseUrl: string;
  project: string;
  token: string;
  timeoutMs: number;
}

/** Attempts per sync before giving up until the next poll (about 15 s of backoff at most by default). */
export const MAX_ATTEMPTS = 5;

export interface FeedSyncHooks {
  signal: AbortSignal;
  log: (level: 'info' | 'warn' | 'error', message: string) => void;
  /** A retryable failure; the next attempt is in `delayMs`. */
  onRetry: (failure: FailureInfo, delayMs: number) => void;
}

/** Runs one sync (full when `previous` is undefined), keeping of each finding what `keep` makes of it; throws what the last attempt threw. */
export function runFeedSync<T>(
  target: FeedTarget,
  previous: SyncCursor | undefined,
  hooks: FeedSyncHooks,
  keep: (finding: Finding) => T,
): Promise<SyncOutcome<T>> {
  const client = new FeedClient({ baseUrl: target.baseUrl, token: target.token, timeoutMs: target.timeoutMs, log: hooks.log });
  return withRetry(() => syncFindings(client, target.project, previous, { signal: hooks.signal, keep }), {
    maxAttempts: MAX_ATTEMPTS,
    signal: hooks.signal,
    onRetry: (err, delayMs) => hooks.onRetry(failureInfo(err), delayMs),
  });
}

/** What the status needs to know about a thrown error. */
export function failureInfo(e: unknown): FailureInfo {
  if (e instanceof FeedRequestError) return { kind: e.kind, status: e.status, message: e.message };
  return { kind: 'unknown', message: e instanceof Error ? e.message : String(e) };
}
