/**
 * Writes the findings cache off the sync's path: a save asked while a write is running does not
 * start a second one; the asks that came meanwhile are written together once it ends. What is
 * written is read at the moment the write starts, so that a burst of syncs costs one or two writes,
 * not one per sync, and what lands on disk is the newest state.
 *
 * A full sync rewrites the journal (see cache.ts); an incremental one appends the findings it
 * changed, read from the store as they are when the write starts. The journal is rewritten whole
 * when its state is unknown (never read or written here, or a write failed) or it has grown to more
 * than twice the lines it needs.
 */
import { appendCache, writeCache, type CachedCursor, type FindingLine, type JournalState } from './cache';

/** The store as the write reads it, when the write starts. */
export interface CacheSnapshot {
  cursor: CachedCursor;
  /** Findings held now. */
  count: number;
  /** Every finding, read as the write goes (500 at a time), never all at once. */
  all: () => Iterable<FindingLine>;
  /** One finding as it is now; undefined when it is gone. */
  get: (id: string) => FindingLine | undefined;
}

/** What to write: `changed` says which findings (all after a full sync); `snapshot` is undefined when there is nothing to write any more (the feed changed). */
export interface CacheSave {
  file: string;
  feedUrl: string;
  project: string;
  changed: 'all' | ReadonlySet<string>;
  snapshot: () => CacheSnapshot | undefined;
}

export interface CacheWriterHooks {
  /** After a write landed: how many findings the cache holds, and whether it was rewritten or appended to. */
  saved: (file: string, findings: number, how: 'rewritten' | 'appended') => void;
  failed: (error: Error) => void;
}

/** A journal gets rewritten once it holds more than this many lines beyond twice its findings. */
const SLACK_LINES = 1000;

export class CacheWriter {
  private pending: CacheSave | undefined;
  private running: Promise<void> | undefined;
  /** What each journal holds, when this writer knows (it read or wrote it). */
  private readonly journals = new Map<string, JournalState>();

  constructor(private readonly hooks: CacheWriterHooks) {}

  /** The journal at `file` was read and holds `state`: the next incremental save can append to it. */
  adopt(file: string, state: JournalState): void {
    this.journals.set(file, state);
  }

  /** Asks for a write; it starts on the next turn of the event loop, after what the caller is doing. */
  save(request: CacheSave): void {
    const before = this.pending;
    this.pending = before?.file === request.file ? { ...request, changed: merged(before.changed, request.changed) } : request;
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

  private async writeOne({ file, feedUrl, project, changed, snapshot }: CacheSave): Promise<void> {
    const snap = snapshot();
    if (!snap) return;
    const journal = this.journals.get(file);
    this.journals.delete(file); // unknown until this write lands
    try {
      if (changed === 'all' || !journal || journal.lines > 2 * journal.count + SLACK_LINES) {
        this.journals.set(file, await writeCache(file, feedUrl, project, { cursor: snap.cursor, findings: snap.all() }));
        this.hooks.saved(file, snap.count, 'rewritten');
        return;
      }
      const upserts: FindingLine[] = [];
      const withdrawn: string[] = [];
      for (const id of changed) {
        const finding = snap.get(id);
        if (finding) upserts.push(finding);
        else withdrawn.push(id);
      }
      this.journals.set(file, await appendCache(file, journal, { cursor: snap.cursor, upserts, withdrawn, count: snap.count }));
      this.hooks.saved(file, snap.count, 'appended');
    } catch (e) {
      this.hooks.failed(e as Error);
    }
  }
}

function merged(a: CacheSave['changed'], b: CacheSave['changed']): CacheSave['changed'] {
  if (a === 'all' || b === 'all') return 'all';
  return new Set([...a, ...b]);
}
