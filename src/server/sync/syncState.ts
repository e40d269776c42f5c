/**
 * What the user is told when a sync cannot run or fails: what happened, what is kept, what to do.
 */
import type { SyncState } from '../../shared/protocol';
import type { ServerSettings } from '../../shared/settings';
import type { FeedErrorKind, StopLimit } from '../feed/errors';
import type { SyncOutcome } from '../feed/sync';

/** The part of a FeedRequestError the messages need. */
export interface FailureInfo {
  kind: FeedErrorKind | 'unknown';
  status?: number;
  message: string;
  /** What the feed's Retry-After asked for, when it sent one (before any cap). */
  retryAfterMs?: number;
  /** For kind 'limit': which bound stopped the sync. */
  limit?: StopLimit;
}

const KEPT = 'The findings shown are from the last good sync.';

/** Why a sync cannot start, or undefined when it can. */
export function notReady(settings: ServerSettings, token: string | null): SyncState | undefined {
  if (settings.feedUrl.trim() === '') return { kind: 'notConfigured', message: 'Set the feed URL in the Findings Lens settings.' };
  if (settings.project.trim() === '') return { kind: 'notConfigured', message: 'Set the feed project id in the Findings Lens settings.' };
  if (token === null) return { kind: 'noToken' };
  return undefined;
}

/** The state while a retryable failure is being retried (or after the retries ran out). */
export function offlineState(failure: FailureInfo, since: Date, retryAt: Date | undefined): SyncState {
  const state: SyncState = { kind: 'offline', since: since.toISOString(), message: `${describeFailure(failure)} ${KEPT}` };
  if (retryAt) state.retryAt = retryAt.toISOString();
  return state;
}

/** The state after a failure that retrying will not fix. */
export function failedState(failure: FailureInfo): SyncState {
  if (failure.kind === 'unauthorized') {
    return {
      kind: 'unauthorized',
      message: `The feed refused the token (401). ${KEPT} Set a new token to sync again.`,
    };
  }
  return { kind: 'error', message: `${describeFailure(failure)} ${KEPT}` };
}

/** One sentence about a failure, from its kind (never the raw response body). */
export function describeFailure(failure: FailureInfo): string {
  switch (failure.kind) {
    case 'unauthorized':
      return 'The feed refused the token (401).';
    case 'forbidden':
      return 'The token has no access to this project (403); check the project setting.';
    case 'notFound':
      return 'The feed does not know this project (404); check the project setting.';
    case 'rateLimited':
      return 'The feed is rate limiting us (429).';
    case 'server':
      return `The feed had a server error${failure.status ? ` (${failure.status})` : ''}.`;
    case 'network':
      return 'The feed cannot be reached.';
    case 'timeout':
      return 'The feed did not answer in time (see the request timeout setting).';
    case 'malformed':
      return 'The feed sent a response that is not valid findings JSON.';
    case 'badOrigin':
      return 'The feed tried to send us to another server; the request was refused and the token was not sent.';
    case 'insecure':
      return 'The feed URL must use https (plain http is allowed only on this machine).';
    case 'limit':
      return `The sync was stopped: ${failure.message}.`;
    default:
      return `The sync failed: ${failure.message}`;
  }
}

/** A sync outcome with nothing to apply (see {@link changesNothing}). */
export type NothingNew<T = unknown> =
  Extract<SyncOutcome<T>, { kind: 'notModified' }> | (Exclude<SyncOutcome<T>, { kind: 'notModified' }> & { kind: 'incremental' });

/**
 * Whether a sync brought nothing to apply: a 304, or an incremental answer with no finding in it.
 * The second is what the first sync after a full one gets: the cursor's ETag is the full listing's
 * first page's, and the feed's ETags are per query, so a `since=` query can never match it. Such an
 * answer changes nothing shown: only its cursor (with the ETag the next sync can match) is kept,
 * without re-publishing or rewriting the findings cache.
 */
export function changesNothing<T>(outcome: SyncOutcome<T>): outcome is NothingNew<T> {
  return (
    outcome.kind === 'notModified' || (outcome.kind === 'incremental' && outcome.findings.length === 0 && outcome.invalid.length === 0)
  );
}
