/**
 * The wait the feed asked for with a 429 and its Retry-After (capped: see backoff.ts). While it
 * lasts, Sync Now answers at once, "rate limited by the feed, next try at HH:MM", instead of
 * waiting silently with the sync, or asking the feed again before its time.
 */
import type { SyncResult } from '../../shared/protocol';
import { clockTime } from './syncNotices';

export class FeedWait {
  private until: Date | undefined;

  /** The feed rate limited us: no sync is asked for before `until`. */
  waitUntil(until: Date): void {
    this.until = until;
  }

  /** A sync went through: nothing to wait for. */
  clear(): void {
    this.until = undefined;
  }

  /** The answer to a Sync Now asked during the wait, or undefined when a sync may run. */
  answer(now: Date = new Date()): SyncResult | undefined {
    if (this.until === undefined || now >= this.until) return undefined;
    const message = `Rate limited by the feed, next try at ${clockTime(this.until)}. The findings shown are kept.`;
    return { ok: false, changed: 0, filesPublished: 0, notModified: false, message };
  }
}
