/**
 * The feed's event stream of one project (`GET /v1/projects/{project}/events`, server-sent events;
 * docs/feed-protocol.md): kept open, read with the shared SSE parser, every event parsed with its
 * schema. It only says what happened (a change, a resync); the caller decides what to sync.
 *
 * It reconnects by itself with `Last-Event-ID` after a loss (the stream ended, a `shutdown`, no
 * heartbeat for twice their interval, a broken event), with the same backoff as every request.
 * Refused (401, 403, 404, 429, 503, `access_revoked`) or failed too many times in a row, it says
 * "polling" and tries again only much later: meanwhile the poll keeps the findings current.
 * Bounded: an event or line is at most {@link STREAM_BOUNDS}.maxEventChars; malformed events are
 * counted and ignored. Time comes from an injected clock, so that tests need no sleeps.
 */
import type { FeedEventKind } from '../../shared/feedEvents';
import { SseParser } from '../../shared/sse';
import { DEFAULT_BACKOFF, retryDelay } from './backoff';
import type { FeedLog } from './client';
import { REAL_CLOCK, type Clock } from './clock';
import { FeedRequestError } from './errors';
import { readEvent, type StreamEvent } from './streamEvents';

export const STREAM_BOUNDS = {
  /** The longest event or line taken (the feed's events are a few hundred characters). */
  maxEventChars: 64 * 1024,
  /** Heartbeat interval assumed until `ready` says it (the feed's default). */
  heartbeatSeconds: 15,
  /** Losses in a row (without reaching `ready`) before the stream gives up for a while. */
  failuresBeforePolling: 5,
  /** How long a refused stream (401, 403, 404, access revoked) waits before trying again. */
  refusedWaitMs: 10 * 60_000,
  /** How long after giving up, or after a 429/503 without Retry-After, before trying again. */
  pollingWaitMs: 5 * 60_000,
  /** The longest `retry:` or `retryMs` of a feed honoured. */
  maxRetryMs: 60_000,
} as const;

/** How the stream is doing: `live` once `ready` came and heartbeats keep coming. */
export type StreamHealth =
  { kind: 'connecting' } | { kind: 'live' } | { kind: 'polling'; reason: string; retryAt: number } | { kind: 'closed' };

export interface EventStreamDeps {
  /** Opens the stream (FeedClient.openEvents); rejects with a FeedRequestError when refused. */
  open(lastEventId: string | undefined, signal: AbortSignal): Promise<ReadableStream<Uint8Array>>;
  project: string;
  /** A change the feed announced (its id already taken as the next Last-Event-ID). */
  onChange(kind: FeedEventKind, syncToken: string): void;
  /** Sync without an event to go by: after `ready` on a stream that replayed nothing, or on `resync`. */
  onCatchUp(sync: 'incremental' | 'full'): void;
  onHealth(health: StreamHealth): void;
  log: FeedLog;
  clock?: Clock;
  random?: () => number;
}

/** One connection: its abort, and whether its loss was already handled. */
interface Attempt {
  controller: AbortController;
  over: boolean;
  watchdog: unknown;
  sentId: string | undefined;
}

export class FeedEventStream {
  private lastEventId: string | undefined;
  private state: StreamHealth = { kind: 'closed' };
  private attempt: Attempt | undefined;
  private retryTimer: unknown;
  private failures = 0;
  private retryMs = 0;
  private heartbeatMs = STREAM_BOUNDS.heartbeatSeconds * 1000;
  private closed = false;
  /** Events set aside because they were not what the contract says. */
  malformed = 0;
  private readonly clock: Clock;

  constructor(private readonly deps: EventStreamDeps) {
    this.clock = deps.clock ?? REAL_CLOCK;
  }

  get health(): StreamHealth {
    return this.state;
  }

  /** Opens the stream (once; it then keeps itself open until close). */
  start(): void {
    if (this.closed || this.attempt || this.retryTimer !== undefined) return;
    void this.connect();
  }

  /** For good: the feed, project or token changed, or the server stops. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.retryTimer !== undefined) this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.attempt) this.end(this.attempt);
    this.setHealth({ kind: 'closed' });
  }

  private async connect(): Promise<void> {
    this.retryTimer = undefined;
    const attempt: Attempt = { controller: new AbortController(), over: false, watchdog: undefined, sentId: this.lastEventId };
    this.attempt = attempt;
    if (this.state.kind !== 'live') this.setHealth({ kind: 'connecting' });
    try {
      const body = await this.deps.open(attempt.sentId, attempt.controller.signal);
      if (attempt.over) return void body.cancel().catch(() => undefined);
      this.watch(attempt);
      await this.read(attempt, body);
      this.lost(attempt, 'the feed ended the stream');
    } catch (e) {
      this.lost(attempt, e instanceof Error ? e.message : String(e), e);
    }
  }

  private async read(attempt: Attempt, body: ReadableStream<Uint8Array>): Promise<void> {
    const parser = new SseParser(STREAM_BOUNDS.maxEventChars);
    const decoder = new TextDecoder();
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done || attempt.over) return;
        this.watch(attempt);
        const parsed = parser.push(decoder.decode(value, { stream: true }));
        if (parsed.retryMs !== undefined) this.retryMs = Math.min(parsed.retryMs, STREAM_BOUNDS.maxRetryMs);
        for (const message of parsed.messages) {
          this.take(attempt, readEvent(message, this.deps.project));
          if (attempt.over) return;
        }
      }
    } finally {
      await reader.cancel().catch(() => undefined);
    }
  }

  private take(attempt: Attempt, event: StreamEvent): void {
    switch (event.kind) {
      case 'ready':
        this.failures = 0;
        this.heartbeatMs = Math.min(Math.max(event.heartbeatSeconds, 1), 60) * 1000;
        this.watch(attempt);
        this.setHealth({ kind: 'live' });
        // Nothing was replayed: what changed before the stream opened is only in a sync.
        if (attempt.sentId === undefined) this.deps.onCatchUp('incremental');
        return;
      case 'change':
        this.lastEventId = event.id;
        return this.deps.onChange(event.change, event.syncToken);
      case 'resync':
        if (event.sync === 'full') this.lastEventId = undefined;
        return this.deps.onCatchUp(event.sync);
      case 'shutdown':
        if (event.reason === 'access_revoked') return this.refused(attempt, 'the feed revoked this token’s access to the stream');
        return this.retryAfter(attempt, `the feed instance is shutting down`, Math.min(event.retryMs, STREAM_BOUNDS.maxRetryMs));
      case 'malformed':
        this.malformed += 1;
        // The first few say which; then one line per hundred, so that a broken feed cannot flood the log.
        if (this.malformed <= 5 || this.malformed % 100 === 0)
          this.deps.log('warn', `event stream: ${event.problem}; ignored (${this.malformed} malformed so far)`);
        return;
      case 'unknown':
        return;
    }
  }

  /** (Re)arms the heartbeat watchdog: silence for twice the heartbeat interval means the stream is gone. */
  private watch(attempt: Attempt): void {
    if (attempt.watchdog !== undefined) this.clock.clearTimeout(attempt.watchdog);
    const limit = 2 * this.heartbeatMs;
    attempt.watchdog = this.clock.setTimeout(() => this.lost(attempt, `no heartbeat for ${limit / 1000} s`), limit);
  }

  /** The connection is gone (or was never made): reconnect, or fall back to polling. */
  private lost(attempt: Attempt, reason: string, error?: unknown): void {
    if (attempt.over || this.closed) return;
    const status = error instanceof FeedRequestError ? error.status : undefined;
    if (status === 401 || status === 403 || status === 404) return this.refused(attempt, `the feed refused the stream (${status})`);
    if (status === 429 || status === 503) {
      const wait = (error as FeedRequestError).retryAfterMs ?? STREAM_BOUNDS.pollingWaitMs;
      return this.polling(attempt, `the feed refused the stream for now (${status})`, Math.min(wait, STREAM_BOUNDS.refusedWaitMs));
    }
    this.failures += 1;
    if (this.failures >= STREAM_BOUNDS.failuresBeforePolling) {
      this.failures = 0;
      return this.polling(
        attempt,
        `the stream failed ${STREAM_BOUNDS.failuresBeforePolling} times in a row (last: ${reason})`,
        STREAM_BOUNDS.pollingWaitMs,
      );
    }
    const delay = Math.max(this.retryMs, retryDelay(this.failures - 1, undefined, DEFAULT_BACKOFF, this.deps.random));
    this.retryAfter(attempt, reason, delay);
  }

  private refused(attempt: Attempt, reason: string): void {
    this.polling(attempt, reason, STREAM_BOUNDS.refusedWaitMs);
  }

  private polling(attempt: Attempt, reason: string, waitMs: number): void {
    this.end(attempt);
    const retryAt = this.clock.now() + waitMs;
    this.deps.log('warn', `event stream: ${reason}; updates are polled, the stream is tried again in ${Math.round(waitMs / 1000)} s`);
    this.setHealth({ kind: 'polling', reason, retryAt });
    this.schedule(waitMs);
  }

  private retryAfter(attempt: Attempt, reason: string, delayMs: number): void {
    this.end(attempt);
    this.deps.log(
      'info',
      `event stream lost (${reason}); reconnecting in ${Math.round(delayMs)} ms${this.lastEventId ? ' from the last event' : ''}`,
    );
    this.setHealth({ kind: 'connecting' });
    this.schedule(delayMs);
  }

  private schedule(delayMs: number): void {
    if (this.closed) return;
    this.retryTimer = this.clock.setTimeout(() => void this.connect(), delayMs);
  }

  private end(attempt: Attempt): void {
    attempt.over = true;
    if (attempt.watchdog !== undefined) this.clock.clearTimeout(attempt.watchdog);
    attempt.controller.abort();
    if (this.attempt === attempt) this.attempt = undefined;
  }

  private setHealth(health: StreamHealth): void {
    const changed = health.kind !== this.state.kind;
    this.state = health;
    if (changed || health.kind === 'polling') this.deps.onHealth(health);
  }
}
