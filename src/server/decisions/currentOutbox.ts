/**
 * The outbox of the feed and project configured now. Another feed URL or project closes the old
 * outbox (its entries stay on disk, in their own folder, for when that feed comes back) and opens
 * the new one. Opening and closing run one after the other, never interleaved.
 */
import type { OutboxEntryView } from '../../shared/protocol';
import { Outbox, type DecisionPoster, type OutboxLog } from '../outbox/outbox';
import { outboxFolder } from '../outbox/folder';

/** Where the outbox lives and what it is for. */
export interface OutboxTarget {
  storagePath: string;
  /** The normalised feed base URL (`checkFeedUrl(url).base.href`). */
  feedBase: string;
  project: string;
}

export interface CurrentOutboxDeps {
  /** The feed client for the current token, or undefined without one. */
  client: () => DecisionPoster | undefined;
  /** Every change of the current outbox's entries; `outbox` is undefined while it opens and once closed. */
  onChange: (entries: OutboxEntryView[], outbox: Outbox | undefined) => void;
  log: OutboxLog;
  /** For tests; default Outbox.open. */
  open?: typeof Outbox.open;
}

export class CurrentOutbox {
  private outbox: Outbox | undefined;
  private key: string | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly deps: CurrentOutboxDeps) {}

  /** Opens the outbox of `target` (closing the one open, if it is another); undefined closes it. */
  switchTo(target: OutboxTarget | undefined): Promise<void> {
    const key = target && `${target.storagePath}\n${target.feedBase}\n${target.project}`;
    return this.run(async () => {
      if (key === this.key) return;
      await this.close();
      if (!target) return;
      const dir = outboxFolder(target.storagePath, target.feedBase, target.project);
      this.key = key;
      try {
        this.outbox = await (this.deps.open ?? Outbox.open)({
          dir,
          client: this.deps.client,
          onChange: (entries) => this.changed(key, entries),
          log: this.deps.log,
        });
        // What it found on disk, again, now that its entries can be looked at whole.
        this.deps.onChange(this.outbox.entries(), this.outbox);
        this.deps.log('info', `decision outbox open for project ${target.project}`);
      } catch (e) {
        this.key = undefined;
        this.deps.log(
          'error',
          `could not open the decision outbox in ${dir}: ${(e as Error).message}; decisions cannot be queued until the next settings change`,
        );
      }
    });
  }

  /** The open outbox once any switch in progress has finished, or undefined. */
  async ready(): Promise<Outbox | undefined> {
    await this.queue;
    return this.outbox;
  }

  /** The open outbox now (a switch may be in progress), or undefined. */
  get current(): Outbox | undefined {
    return this.outbox;
  }

  /** Closes the open outbox (shutdown). */
  dispose(): Promise<void> {
    return this.run(() => this.close());
  }

  private async close(): Promise<void> {
    const old = this.outbox;
    this.outbox = undefined;
    this.key = undefined;
    if (old) await old.dispose();
    if (old) this.deps.onChange([], undefined);
  }

  /** A late change of an outbox that was closed meanwhile is not this feed's news. */
  private changed(key: string | undefined, entries: OutboxEntryView[]): void {
    if (key === this.key) this.deps.onChange(entries, this.outbox);
  }

  private run(fn: () => Promise<void>): Promise<void> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
