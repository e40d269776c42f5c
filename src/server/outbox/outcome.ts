/**
 * What one send of an outbox entry came to, and how the entry changes because of it. Pure
 * functions: the Outbox does the I/O, these decide.
 */
import { FeedError, Finding, type TriageDecision } from '../../shared/feed';
import { FeedRequestError, type FeedErrorKind } from '../feed/errors';
import type { OutboxEntry } from './entry';
import { shown, TEXT_CAPS } from '../shownText';

/** The outcome of one send. */
export type SendOutcome =
  /** 201 (or the feed's replay of it): the decision is on the feed. */
  | { kind: 'synced'; result: TriageDecision }
  /** 412: the finding changed since the user decided; `current` is the feed's finding now. */
  | { kind: 'conflict'; message: string; current?: Finding }
  /** 400/403/404/409: the feed will never take this entry as it is. */
  | { kind: 'refused'; message: string }
  /** 401: the token is wrong; nothing is sent again until a new token is set. */
  | { kind: 'unauthorized'; message: string }
  /** 429, 5xx, network, timeout: try again later. */
  | { kind: 'retry'; message: string; retryAfterMs?: number };

/** The feed's own `error.message` from a parsed error body, if there is one. */
export function feedMessage(body: unknown): string | undefined {
  const parsed = FeedError.safeParse(body);
  return parsed.success ? shown(parsed.data.error.message, TEXT_CAPS.feedMessage) : undefined;
}

const REFUSING_KINDS: ReadonlySet<FeedErrorKind> = new Set(['forbidden', 'notFound', 'conflict', 'badRequest']);

/**
 * Classifies a failed send. Anything not known to be final is retried (a malformed answer, an
 * error the outbox does not understand): an entry is never dropped on a guess.
 */
export function classifyFailure(err: unknown): SendOutcome {
  const failure = err instanceof FeedRequestError ? err : undefined;
  if (!failure) return { kind: 'retry', message: err instanceof Error ? err.message : String(err) };
  const own = feedMessage(failure.body) ?? failure.message;
  if (failure.kind === 'precondition') {
    const current = Finding.safeParse((failure.body as { finding?: unknown } | undefined)?.finding);
    return { kind: 'conflict', message: own, current: current.success ? current.data : undefined };
  }
  if (REFUSING_KINDS.has(failure.kind)) return { kind: 'refused', message: own };
  if (failure.kind === 'unauthorized') {
    return { kind: 'unauthorized', message: 'The feed rejected the token; the decision is kept and will be sent when a new token is set.' };
  }
  return { kind: 'retry', message: failure.message, retryAfterMs: failure.retryAfterMs };
}

/** How the outbox waits before retrying: attempt (0-based) and the feed's Retry-After (ms) → delay in ms. */
export type RetryDelay = (attempt: number, retryAfterMs: number | undefined) => number;

/** The entry after one send whose outcome is known. `attempts` counts this send. */
export function applyOutcome(entry: OutboxEntry, outcome: SendOutcome, now: number, delay: RetryDelay): OutboxEntry {
  const counted = { attempts: entry.attempts + 1, updatedAt: new Date(now).toISOString() };
  switch (outcome.kind) {
    case 'synced':
      return {
        ...entry,
        ...counted,
        state: 'synced',
        message: undefined,
        result: outcome.result,
        findingId: entry.findingId ?? outcome.result.findingId,
      };
    case 'conflict':
      if (entry.kind === 'triage') return { ...entry, ...counted, state: 'conflict', message: outcome.message, current: outcome.current };
      return { ...entry, ...counted, state: 'conflict', message: outcome.message };
    case 'refused':
      return { ...entry, ...counted, state: 'refused', message: outcome.message };
    case 'unauthorized':
      return { ...entry, ...counted, state: 'pending', message: outcome.message };
    case 'retry': {
      const wait = delay(entry.attempts, outcome.retryAfterMs);
      // The time is in the entry's view (retryAt), for the client to say in the user's own time.
      return {
        ...entry,
        ...counted,
        state: 'pending',
        nextAttemptAt: now + wait,
        message: `Not sent yet: ${outcome.message}. The decision is kept and will be sent again.`,
      };
    }
  }
}
