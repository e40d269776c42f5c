/**
 * When syncs run: on demand, every poll interval, and again when what they depend on changes.
 * At most one sync runs at a time; asking while one runs joins it. A change (new token, other feed
 * or project) aborts the running sync and starts a fresh one that the waiting callers then get.
 */
import type { SyncResult } from '../../shared/protocol';

/** Why a sync runs: the poll timer skips what a user's explicit request would still try. */
export type SyncTrigger = 'start' | 'poll' | 'manual' | 'change' | 'push';

/** Runs one sync; must resolve (never reject) and stop soon once `signal` aborts. */
export type RunSync = (signal: AbortSignal, trigger: SyncTrigger) => Promise<SyncResult>;

export class SyncScheduler {
  private running: Promise<SyncResult> | undefined;
  private controller: AbortController | undefined;
  private restartPending = false;
  private timer: NodeJS.Timeout | undefined;
  private disposed = false;

  constructor(
    private readonly run: RunSync,
    private readonly intervalMs: () => number,
  ) {}

  /** Syncs now, or joins the sync that is running; resolves with the result of the last one run. */
  syncNow(trigger: SyncTrigger = 'manual'): Promise<SyncResult> {
    if (this.running) return this.running;
    this.clearTimer();
    const running = this.loop(trigger).finally(() => {
      this.running = undefined;
      this.scheduleNext();
    });
    this.running = running;
    return running;
  }

  /** What a sync depends on changed: abort the running one (if any) and sync again. */
  restart(): void {
    if (this.running) {
      this.restartPending = true;
      this.controller?.abort();
      return;
    }
    void this.syncNow('change');
  }

  /**
   * The feed announced a change: sync now, or once more after the running sync (which may have
   * started before the change) without aborting it. Resolves with the sync that includes the change.
   */
  again(trigger: SyncTrigger): Promise<SyncResult> {
    if (!this.running) return this.syncNow(trigger);
    this.restartPending = true;
    return this.running;
  }

  /** The poll interval changed: the next poll is counted from now. */
  reschedule(): void {
    if (!this.running) this.scheduleNext();
  }

  dispose(): void {
    this.disposed = true;
    this.clearTimer();
    this.controller?.abort();
  }

  private async loop(trigger: SyncTrigger): Promise<SyncResult> {
    let result: SyncResult;
    let current = trigger;
    do {
      this.restartPending = false;
      this.controller = new AbortController();
      result = await this.runGuarded(this.controller.signal, current);
      current = 'change';
    } while (this.restartPending && !this.disposed);
    this.controller = undefined;
    return result;
  }

  private async runGuarded(signal: AbortSignal, trigger: SyncTrigger): Promise<SyncResult> {
    try {
      return await this.run(signal, trigger);
    } catch (e) {
      return { ok: false, changed: 0, filesPublished: 0, notModified: false, message: `sync failed: ${(e as Error).message}` };
    }
  }

  private scheduleNext(): void {
    this.clearTimer();
    if (this.disposed) return;
    this.timer = setTimeout(() => void this.syncNow('poll'), this.intervalMs());
    this.timer.unref?.();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
