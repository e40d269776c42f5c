/**
 * Writes the findings cache off the sync's path: a save asked while a write is running does not
 * start a second one; the latest ask is written once the running write ends. What is written is
 * read at the moment the write starts, so that a burst of syncs costs one or two writes, not one
 * per sync, and what lands on disk is the newest state.
 */
import type { Finding } from '../shared/feed';
import { writeCache, type CachedCursor } from './cache';

/** What to write, read when the write starts; undefined when there is nothing to write any more (the feed changed). */
export interface CacheSave {
  file: string;
  feedUrl: string;
  project: string;
  /** `findings` is read as the write goes (500 at a time), never all at once. */
  snapshot: () => { cursor: CachedCursor; findings: Iterable<Finding>; count: number } | undefined;
}

export interface CacheWriterHooks {
  /** After a write landed, with how many findings it holds. */
  saved: (file: string, findings: number) => void;
  failed: (error: Error) => void;
}

export class CacheWriter {
  private pending: CacheSave | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly hooks: CacheWriterHooks) {}

  /** Asks for a write; it starts on the next turn of the event loop, after what the caller is doing. */
  save(request: CacheSave): void {
    this.pending = request;
    this.running ??= this.drain();
  }

  /** Resolves once no write is running or waiting. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    try {
      await new Promise<void>((resolve) => setImmediate(resolve));
      while (this.pending) {
        const request = this.pending;
        this.pending = undefined;
        await this.writeOne(request);
      }
    } finally {
      this.running = undefined;
    }
  }

  private async writeOne({ file, feedUrl, project, snapshot }: CacheSave): Promise<void> {
    const cache = snapshot();
    if (!cache) return;
    try {
      await writeCache(file, feedUrl, project, cache);
      this.hooks.saved(file, cache.count);
    } catch (e) {
      this.hooks.failed(e as Error);
    }
  }
}
