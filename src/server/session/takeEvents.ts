/**
 * Pushed updates for one session (one feed and project): the feed's event stream
 * (feed/eventStream.ts), opened after the session's first good sync, and what its events come to.
 * A change the session does not have yet (its sync token is not the session's) asks for an
 * incremental sync; changes within {@link PUSH_DEBOUNCE_MS} of the first are one sync. A `resync`
 * asks for the sync it names. Once a decision or review came, the editor is told when the sync is
 * over, so that a lead's Review tab asks for its list again.
 *
 * Closed with the session, when the token changes (the next good sync opens it with the new one),
 * and when `findingsLens.feed.pushUpdates` is turned off.
 */
import type { FeedEventKind } from '../../shared/feedEvents';
import type { FeedClient, FeedLog } from '../feed/client';
import { REAL_CLOCK, type Clock } from '../feed/clock';
import { FeedEventStream, type StreamHealth } from '../feed/eventStream';

/** Changes this close together are one sync: a burst of decisions (a lead reviewing ten) costs one. */
export const PUSH_DEBOUNCE_MS = 200;

export interface PushDeps {
  project: string;
  /** Whether the user wants pushed updates (the setting). */
  enabled(): boolean;
  /** A client for the current token, or undefined. */
  client(): FeedClient | undefined;
  /** The sync token the session's findings are at, if any. */
  syncToken(): string | undefined;
  /** Runs the sync (the sync controller's); resolves when it is over. */
  sync(kind: 'incremental' | 'full'): Promise<unknown>;
  /** Decisions or reviews changed on the feed. */
  decisionsChanged(): void;
  /** The stream went live, or stopped being live. */
  healthChanged(health: StreamHealth): void;
  log: FeedLog;
  clock?: Clock;
  random?: () => number;
}

export class PushedUpdates {
  private stream: FeedEventStream | undefined;
  private kinds = new Set<FeedEventKind>();
  private full = false;
  private timer: unknown;
  private closed = false;
  private readonly clock: Clock;

  constructor(private readonly deps: PushDeps) {
    this.clock = deps.clock ?? REAL_CLOCK;
  }

  /** Whether updates come pushed right now (the stream is live). */
  get live(): boolean {
    return this.stream?.health.kind === 'live';
  }

  /** The stream's health; `closed` without one. */
  get health(): StreamHealth {
    return this.stream?.health ?? { kind: 'closed' };
  }

  /** After a good sync: opens the stream when there is none and the setting wants one. */
  syncSucceeded(): void {
    if (this.closed || this.stream || !this.deps.enabled()) return;
    const client = this.deps.client();
    if (!client) return;
    const { project } = this.deps;
    this.stream = new FeedEventStream({
      project,
      open: (lastEventId, signal) => client.openEvents(project, lastEventId, signal),
      onChange: (kind, syncToken) => this.changed(kind, syncToken),
      onCatchUp: (sync) => this.ask(sync === 'full'),
      // A session that ends says nothing more: the next session's stream speaks for the feed.
      onHealth: (health) => {
        if (!this.closed) this.deps.healthChanged(health);
      },
      log: this.deps.log,
      clock: this.clock,
      ...(this.deps.random ? { random: this.deps.random } : {}),
    });
    this.stream.start();
  }

  /** The token changed, or the setting was turned off: the stream ends (the next good sync opens a new one). */
  stop(): void {
    const stream = this.stream;
    this.stream = undefined;
    this.cancelPending();
    stream?.close();
  }

  /** The session ends: nothing opens again. */
  close(): void {
    this.closed = true;
    this.stop();
  }

  private changed(kind: FeedEventKind, syncToken: string): void {
    // Our own decision, already synced: nothing to fetch (the feed's token is where we are).
    if (syncToken === this.deps.syncToken()) return;
    this.kinds.add(kind);
    this.ask(false);
  }

  private ask(full: boolean): void {
    this.full ||= full;
    if (this.timer !== undefined) return;
    this.timer = this.clock.setTimeout(() => void this.flush(), PUSH_DEBOUNCE_MS);
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    const decisions = this.kinds.has('decision') || this.kinds.has('review');
    const full = this.full;
    this.kinds = new Set();
    this.full = false;
    if (this.closed || !this.stream) return;
    await this.deps.sync(full ? 'full' : 'incremental');
    if (decisions && !this.closed) this.deps.decisionsChanged();
  }

  private cancelPending(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.kinds = new Set();
    this.full = false;
  }
}
