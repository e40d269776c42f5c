/**
 * How a feed request can fail, as one error type with a `kind` the rest of the server switches on.
 * The message is always safe to show and to log: it never holds the token, and never more than a
 * short excerpt of a response body.
 */
import type { SyncNoticeKind } from '../../shared/protocol';

/** What went wrong with one feed request. */
export type FeedErrorKind =
  | 'unauthorized' // 401: the token is wrong or expired
  | 'forbidden' // 403: the token has no access to this project or action
  | 'notFound' // 404
  | 'conflict' // 409
  | 'precondition' // 412: If-Match failed; `body.finding` is the feed's current finding
  | 'badRequest' // 400 (and any other 4xx the contract does not name)
  | 'rateLimited' // 429; `retryAfterMs` when the feed said how long to wait
  | 'server' // 5xx
  | 'network' // connection refused, reset, DNS...
  | 'timeout' // no complete answer within the request timeout
  | 'malformed' // the body is not JSON, is cut off, or is not the contract's shape
  | 'badOrigin' // a redirect or a next-page URL pointing away from the configured origin
  | 'insecure' // a non-https feed URL on a non-loopback host
  | 'limit'; // past a bound the client holds the feed to (pages, findings, bytes, a looping cursor); `limit` says which

/** The bounds whose breach stops a sync (see the README's Limits). */
export type StopLimit = Extract<SyncNoticeKind, 'pagesPerSync' | 'findingsPerSync' | 'responseBytes' | 'repeatedCursor'>;

/** Extra facts about a failed request. */
export interface FeedRequestErrorDetails {
  status?: number;
  retryAfterMs?: number;
  /** The feed's `error.code` when the body was the contract's error JSON. */
  code?: string;
  /** The parsed JSON body of an error response (a 412's body holds the current finding). */
  body?: unknown;
  /** For kind 'limit': which bound. */
  limit?: StopLimit;
  cause?: unknown;
}

/** A failed feed request. */
export class FeedRequestError extends Error {
  readonly kind: FeedErrorKind;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly code?: string;
  readonly body?: unknown;
  readonly limit?: StopLimit;

  constructor(kind: FeedErrorKind, message: string, details: FeedRequestErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'FeedRequestError';
    this.kind = kind;
    if (details.status !== undefined) this.status = details.status;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
    if (details.code !== undefined) this.code = details.code;
    if (details.body !== undefined) this.body = details.body;
    if (details.limit !== undefined) this.limit = details.limit;
  }
}

const RETRYABLE: ReadonlySet<FeedErrorKind> = new Set(['rateLimited', 'server', 'network', 'timeout']);

/** True for failures that may go away by themselves: 429, 5xx, network trouble, timeouts. */
export function isRetryable(e: unknown): boolean {
  return e instanceof FeedRequestError && RETRYABLE.has(e.kind);
}

/** The kind of an HTTP error status (3xx is handled before this: it is never followed). */
export function kindForStatus(status: number): FeedErrorKind {
  switch (status) {
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'notFound';
    case 409:
      return 'conflict';
    case 412:
      return 'precondition';
    case 429:
      return 'rateLimited';
    default:
      return status >= 500 ? 'server' : 'badRequest';
  }
}
