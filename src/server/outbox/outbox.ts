/**
 * The durable decision outbox. A decision is written to disk (atomically, fsynced) before the user
 * is told "queued"; the sender then posts it with its own Idempotency-Key (the entry id, the same
 * on every retry), backs off while the feed is away, and records what the feed answered. Only the
 * holder of the folder's sender lock sends, and it re-reads each entry from disk right before
 * sending it, so two windows on one workspace never send the same decision twice; whoever holds the
 * lock sends every pending entry in the folder, the other window's included.
 */
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ReviewRequest, TriageRequest, type ReviewResponse, type TriageResponse } from '../../shared/feed';
import type { OutboxEntryView, SubmitReviewParams, SubmitTriageParams } from '../../shared/protocol';
import { REAL_CLOCK, type Clock } from '../feed/clock';
import { byQueueOrder, isFinished, toView, type OutboxEntry, type ReviewEntry, type TriageEntry } from './entry';
import { listEntries, readEntry, removeEntry, removeLeftoverTemps, writeEntry } from './folder';
import { SenderLock } from './lock';
import { entryAfterSend, classifyFailure, type RetryDelay, type SendOutcome } from './outcome';
import { defaultRetryDelay } from './retry';

/** The two feed calls the outbox makes; the feed client (src/server/feed/client.ts) provides them. */
export interface DecisionPoster {
  postTriage(
    findingId: string,
    body: TriageRequest,
    h: { idempotencyKey: string; ifMatch: string },
    signal?: AbortSignal,
  ): Promise<TriageResponse>;
  postReview(decisionId: string, body: ReviewRequest, h: { idempotencyKey: string }, signal?: AbortSignal): Promise<ReviewResponse>;
}

/** Time, injectable so that tests run fast and never sleep a fixed time. */
export type OutboxClock = Clock;
export { REAL_CLOCK };

export type OutboxLog = (level: 'info' | 'warn' | 'error', message: string) => void;

export interface OutboxOptions {
  /** The outbox folder for one feed and project (see `outboxFolder`). */
  dir: string;
  /** The feed client for the current token, or undefined when there is no token or no feed URL. */
  client: () => DecisionPoster | undefined;
  /** Every change of the entries (the server forwards it as `findingsLens/outboxChanged`). */
  onChange: (entries: OutboxEntryView[]) => void;
  log: OutboxLog;
  clock?: OutboxClock;
  /** Backoff between retries; default: the feed client's full-jitter policy. */
  retryDelay?: RetryDelay;
  /** A sender lock older than this is taken over (default 30 s). */
  lockStaleMs?: number;
  /** How often the lock holder refreshes the lock while it sends (default 5 s). */
  heartbeatMs?: number;
  /** How soon to try again when another window holds the lock (default 5 s). */
  lockRetryMs?: number;
  /** While entries are pending, how often to re-read the folder for another window's changes (default 10 s). */
  pollMs?: number;
  /** Finished entries are deleted this long after they finished (default 7 days). */
  pruneAfterMs?: number;
}

/** Thrown by enqueue for a decision the feed would refuse anyway (a reason that does not fit the action, say). */
export class InvalidDecisionError extends Error {}

const DAY = 24 * 60 * 60 * 1000;

export class Outbox {
  private readonly clock: OutboxClock;
  private readonly lock: SenderLock;
  private readonly retryDelay: RetryDelay;
  private readonly abort = new AbortController();
  private known = new Map<string, OutboxEntry>();
  private lastEmitted = '';
  private serialTail: Promise<unknown> = Promise.resolve();
  private running: Promise<void> | undefined;
  private again = false;
  private timer: unknown;
  private disposed = false;
  private tokenRejected = false;
  /** After a retryable failure the whole queue waits: the feed is down for every entry, not just one. */
  private holdUntil = 0;

  private constructor(private readonly opts: OutboxOptions) {
    this.clock = opts.clock ?? REAL_CLOCK;
    this.retryDelay = opts.retryDelay ?? defaultRetryDelay;
    this.lock = new SenderLock({
      file: path.join(opts.dir, 'sender.lock'),
      staleMs: opts.lockStaleMs ?? 30_000,
      now: () => this.clock.now(),
    });
  }

  /** Opens (creating if needed) the outbox in `opts.dir`, reads what is there and starts sending. */
  static async open(opts: OutboxOptions): Promise<Outbox> {
    await fs.mkdir(opts.dir, { recursive: true, mode: 0o700 });
    const outbox = new Outbox(opts);
    await outbox.rescan();
    outbox.kick();
    return outbox;
  }

  /** Queues a triage decision; resolves once it is durably on disk. */
  async enqueueTriage(p: SubmitTriageParams & { ifMatch: string; codeHash?: string }): Promise<OutboxEntryView> {
    const body = parseOrExplain(TriageRequest, { action: p.action, reason: p.reason, comment: p.comment, codeHash: p.codeHash });
    const entry: TriageEntry = { ...this.fresh(), kind: 'triage', targetId: p.findingId, findingId: p.findingId, body, ifMatch: p.ifMatch };
    return this.enqueue(entry);
  }

  /** Queues a lead's review of a decision; resolves once it is durably on disk. */
  async enqueueReview(p: SubmitReviewParams & { findingId?: string }): Promise<OutboxEntryView> {
    const body = parseOrExplain(ReviewRequest, { decision: p.decision, comment: p.comment });
    const entry: ReviewEntry = { ...this.fresh(), kind: 'review', targetId: p.decisionId, body };
    if (p.findingId) entry.findingId = p.findingId;
    return this.enqueue(entry);
  }

  /** Starts a send pass now (or right after the one running). */
  kick(): void {
    if (this.disposed) return;
    this.clearTimer();
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = undefined;
    });
  }

  /** A new token was set: entries held back by a 401 may be sent again. */
  tokenChanged(): void {
    this.tokenRejected = false;
    this.holdUntil = 0;
    this.kick();
  }

  /** Every entry known, oldest first. */
  entries(): OutboxEntryView[] {
    return this.sorted().map(toView);
  }

  /** One entry whole (for a conflict: the feed's current finding), or undefined. */
  entry(id: string): OutboxEntry | undefined {
    return this.known.get(id);
  }

  /** The newest pending entry about that finding, if any. */
  pendingFor(findingId: string): OutboxEntryView | undefined {
    const pending = this.sorted().filter((e) => e.state === 'pending' && e.findingId === findingId);
    const last = pending[pending.length - 1];
    return last && toView(last);
  }

  /** Stops sending (an answer in flight is dropped: the entry stays pending and is resent with its key). */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.clearTimer();
    this.abort.abort();
    await this.running;
    await this.lock.release().catch(() => undefined);
  }

  private fresh(): Omit<OutboxEntry, 'kind' | 'targetId' | 'body'> {
    const now = this.clock.now();
    const iso = new Date(now).toISOString();
    return { id: randomUUID(), state: 'pending', attempts: 0, nextAttemptAt: now, queuedAt: iso, updatedAt: iso };
  }

  private async enqueue(entry: OutboxEntry): Promise<OutboxEntryView> {
    if (this.disposed) throw new Error('The outbox is closed; the decision was not queued. Try again.');
    await this.serial(async () => {
      await writeEntry(this.opts.dir, entry);
      this.known.set(entry.id, entry);
      this.emit();
    });
    this.opts.log('info', `queued ${entry.kind} ${entry.id} for ${entry.targetId}`);
    this.kick();
    return toView(entry);
  }

  private async loop(): Promise<void> {
    let lockBusy: boolean;
    try {
      do {
        this.again = false;
        lockBusy = !(await this.passOnce());
      } while (this.again && !this.disposed);
    } catch (err) {
      this.opts.log('error', `outbox send pass failed: ${err instanceof Error ? err.message : String(err)}`);
      lockBusy = true;
    }
    this.scheduleWake(lockBusy);
  }

  /** One pass: false when another window holds the lock (then only the view is refreshed). */
  private async passOnce(): Promise<boolean> {
    if (!(await this.lock.tryAcquire())) {
      await this.rescan();
      return false;
    }
    const stopHeartbeat = this.startHeartbeat();
    try {
      await this.rescan();
      await this.prune();
      await this.sendDue();
    } finally {
      stopHeartbeat();
      await this.lock.release();
    }
    return true;
  }

  private async sendDue(): Promise<void> {
    for (const known of this.sorted()) {
      if (known.state !== 'pending' || known.nextAttemptAt > this.clock.now()) continue;
      if (this.disposed || this.tokenRejected || this.clock.now() < this.holdUntil) return;
      const client = this.opts.client();
      if (!client) return;
      if (!(await this.lock.stillHeld())) return;
      // Under the lock, the file is the truth: another window may have sent it in its own pass.
      const entry = await readEntry(this.opts.dir, known.id);
      if (!entry || entry.state !== 'pending' || entry.nextAttemptAt > this.clock.now()) continue;
      await this.send(entry, client);
    }
  }

  private async send(entry: OutboxEntry, client: DecisionPoster): Promise<void> {
    let outcome: SendOutcome;
    try {
      outcome = await post(entry, client, this.abort.signal);
    } catch (err) {
      if (this.disposed) return;
      outcome = classifyFailure(err);
    }
    const next = entryAfterSend(entry, outcome, this.clock.now(), this.retryDelay);
    await this.serial(async () => {
      await writeEntry(this.opts.dir, next);
      this.known.set(next.id, next);
      this.emit();
    });
    if (outcome.kind === 'unauthorized') this.tokenRejected = true;
    if (outcome.kind === 'retry') this.holdUntil = next.nextAttemptAt;
    this.opts.log(
      outcome.kind === 'synced' ? 'info' : 'warn',
      `${entry.kind} ${entry.id}: ${outcome.kind}${next.message ? ` (${next.message})` : ''}`,
    );
  }

  private startHeartbeat(): () => void {
    const every = this.opts.heartbeatMs ?? 5_000;
    let handle: unknown;
    let stopped = false;
    const beat = (): void => {
      handle = this.clock.setTimeout(() => {
        void this.lock
          .refresh()
          .catch(() => false)
          .then((held) => {
            if (!held) this.opts.log('warn', 'outbox sender lock lost to another window; it will send the rest');
            else if (!stopped) beat();
          });
      }, every);
    };
    beat();
    return () => {
      stopped = true;
      this.clock.clearTimeout(handle);
    };
  }

  /** Re-reads the folder: the other window's entries and its results show up here too. */
  private async rescan(): Promise<void> {
    await this.serial(async () => {
      const onDisk = await listEntries(this.opts.dir, (file) =>
        this.opts.log('warn', `set aside an unreadable outbox file: ${file}.corrupt`),
      );
      this.known = new Map(onDisk.map((e) => [e.id, e]));
      this.emit();
    });
  }

  /** Deletes finished entries past their keeping time and temporary files of dead writers (lock holder only). */
  private async prune(): Promise<void> {
    const now = this.clock.now();
    const keep = this.opts.pruneAfterMs ?? 7 * DAY;
    const old = [...this.known.values()].filter((e) => isFinished(e) && now - Date.parse(e.updatedAt) > keep);
    if (old.length === 0) return;
    await this.serial(async () => {
      for (const e of old) {
        await removeEntry(this.opts.dir, e.id);
        this.known.delete(e.id);
      }
      this.emit();
    });
    await removeLeftoverTemps(this.opts.dir, DAY, Date.now());
  }

  private scheduleWake(lockBusy: boolean): void {
    if (this.disposed) return;
    const now = this.clock.now();
    const pending = [...this.known.values()].filter((e) => e.state === 'pending');
    if (pending.length === 0) return;
    let delay = this.opts.pollMs ?? 10_000;
    if (lockBusy) delay = Math.min(delay, this.opts.lockRetryMs ?? 5_000);
    if (!this.tokenRejected && this.opts.client()) {
      const due = Math.max(this.holdUntil, Math.min(...pending.map((e) => e.nextAttemptAt)));
      delay = Math.min(delay, Math.max(0, due - now));
    }
    this.clearTimer();
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.kick();
    }, delay);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private emit(): void {
    const views = this.entries();
    const text = JSON.stringify(views);
    if (text === this.lastEmitted) return;
    this.lastEmitted = text;
    this.opts.onChange(views);
  }

  private sorted(): OutboxEntry[] {
    return [...this.known.values()].sort(byQueueOrder);
  }

  /** Runs fn after every earlier serial fn: disk writes and the in-memory view never interleave. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.serialTail.then(fn, fn);
    this.serialTail = run.catch(() => undefined);
    return run;
  }
}

/** One send of one entry; its id is the Idempotency-Key. */
async function post(entry: OutboxEntry, client: DecisionPoster, signal: AbortSignal): Promise<SendOutcome> {
  if (entry.kind === 'triage') {
    const r = await client.postTriage(entry.findingId, entry.body, { idempotencyKey: entry.id, ifMatch: entry.ifMatch }, signal);
    return { kind: 'synced', result: r.decision };
  }
  const r = await client.postReview(entry.targetId, entry.body, { idempotencyKey: entry.id }, signal);
  return { kind: 'synced', result: r.decision };
}

function parseOrExplain<T>(
  schema: {
    safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
  },
  value: unknown,
): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.map(String).join('.') || 'decision';
  throw new InvalidDecisionError(`The decision was not queued: ${where}: ${issue?.message ?? 'invalid'}. Change it and submit again.`);
}
