/**
 * One sync against the feed: a client for the current URL and token, every page fetched, retried
 * with backoff while the feed is unreachable. Nothing here touches the store: the caller applies
 * the outcome only once the whole sync succeeded.
 */
import { FeedClient } from '../feed/client';
import { FeedRequestError } from '../feed/errors';
import type { Finding } from '../../shared/feed';
import type { ServerSettings } from '../../shared/settings';
import { syncFindings, withRetry, type SyncCursor, type SyncOptions, type SyncOutcome } from '../feed/sync';
import type { FailureInfo } from './syncState';

/** Where and as whom to sync. */
export interface FeedTarget {
  baseUrl: string;
  project: string;
  token: string;
  timeoutMs: number;
  /** The bounds of one sync (the findingsLens.feed.max* settings). */
  maxPages: number;
  maxFindings: number;
  maxResponseBytes: number;
}

/** Where and as whom to sync, with the bounds the settings give one sync. */
export function feedTarget(baseUrl: string, token: string, settings: ServerSettings): FeedTarget {
  return {
    baseUrl,
    project: settings.project,
    token,
    timeoutMs: settings.requestTimeout * 1000,
    maxPages: settings.maxPagesPerSync,
    maxFindings: settings.maxFindingsPerSync,
    maxResponseBytes: settings.maxResponseMegabytes * 1024 * 1024,
  };
}

/** Attempts per sync before giving up until the next poll (about 15 s of backoff at most by default). */
export const MAX_ATTEMPTS = 5;

export interface FeedSyncHooks {
  signal: AbortSignal;
  log: (level: 'info' | 'warn' | 'error', message: string) => void;
  /** A retryable failure; the next attempt is in `delayMs`. */
  onRetry: (failure: FailureInfo, delayMs: number) => void;
  /** The bytes of each answer read, for the memory they may leave behind. */
  onBytes?: (bytes: number) => void;
}

/**
 * Runs one sync (full when `previous` is undefined), keeping of each finding what `keep` makes of
 * it; throws what the last attempt threw. `pages` asks a full sync for path order and hears each
 * page as it is validated (every attempt's: a retry starts again at page 1).
 */
export function runFeedSync<T>(
  target: FeedTarget,
  previous: SyncCursor | undefined,
  hooks: FeedSyncHooks,
  keep: (finding: Finding) => T,
  pages: Pick<SyncOptions<T>, 'order' | 'onKept'> = {},
): Promise<SyncOutcome<T>> {
  const client = feedClientOf(target, hooks);
  const bounds = { maxPages: target.maxPages, maxFindings: target.maxFindings };
  return withRetry(() => syncFindings(client, target.project, previous, { signal: hooks.signal, keep, ...bounds, ...pages }), {
    maxAttempts: MAX_ATTEMPTS,
    signal: hooks.signal,
    onRetry: (err, delayMs) => hooks.onRetry(failureInfo(err), delayMs),
  });
}

/** A client of the target's feed, as the token and bounds are now. */
export function feedClientOf(target: FeedTarget, hooks: Pick<FeedSyncHooks, 'log' | 'onBytes'>): FeedClient {
  return new FeedClient({
    baseUrl: target.baseUrl,
    token: target.token,
    timeoutMs: target.timeoutMs,
    log: hooks.log,
    maxResponseBytes: target.maxResponseBytes,
    onBytes: hooks.onBytes,
  });
}

/** What the status needs to know about a thrown error. */
export function failureInfo(e: unknown): FailureInfo {
  if (e instanceof FeedRequestError) {
    const info: FailureInfo = { kind: e.kind, status: e.status, message: e.message };
    if (e.retryAfterMs !== undefined) info.retryAfterMs = e.retryAfterMs;
    if (e.limit !== undefined) info.limit = e.limit;
    return info;
  }
  return { kind: 'unknown', message: e instanceof Error ? e.message : String(e) };
}
