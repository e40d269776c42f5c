/**
 * The findings cache of one session (one feed and project, see storage/cache.ts): read when the
 * session opens, to show the last good sync's findings until the feed answers, and written after
 * each sync, off the sync's path (storage/cacheWriter.ts). Stopped when the session is replaced: a
 * write asked for before is dropped, one already running finishes, reading the session's store,
 * which stays whole until then.
 */
import type { SyncCursor } from '../feed/sync';
import type { FindingStore, PreparedFinding } from '../findings/store';
import { cachePath, readCache, type CachedFindings, type JournalState } from '../storage/cache';
import { scanCache } from '../storage/cacheScan';
import { CacheWriter } from '../storage/cacheWriter';

export interface SessionCacheDeps {
  storagePath: string | undefined;
  feedUrl: string;
  project: string;
  store: FindingStore;
  /** Where the session's syncs stand now: nothing is written without one. */
  cursor(): SyncCursor | undefined;
  log: (level: 'info' | 'warn', message: string) => void;
}

export class SessionCache {
  /** The cache file; undefined without a storage folder, feed URL or project. */
  private readonly file: string | undefined;
  private readonly writer: CacheWriter;
  private stopped = false;

  constructor(private readonly deps: SessionCacheDeps) {
    const { storagePath, feedUrl, project } = deps;
    this.file = storagePath && feedUrl.trim() !== '' && project.trim() !== '' ? cachePath(storagePath, feedUrl, project) : undefined;
    this.writer = new CacheWriter({
      saved: (_file, findings, how) => deps.log('info', `findings cache saved (${how}; ${findings} finding(s))`),
      failed: (e) => deps.log('warn', `could not write the findings cache: ${e.message}`),
    });
  }

  /** The cached findings, each prepared by the store as it is read; undefined when there are none (or they cannot be read: logged). */
  async read(): Promise<CachedFindings<PreparedFinding> | undefined> {
    if (!this.file) return undefined;
    const { feedUrl, project, store } = this.deps;
    const cached = await readCache(this.file, feedUrl, project, (finding) => store.prepare(finding)).catch((e: Error) => ({
      error: e.message,
    }));
    if (cached && 'error' in cached) {
      this.deps.log('warn', `findings cache ignored: ${cached.error}`);
      return undefined;
    }
    return cached;
  }

  /** The cached findings of these feed paths, prepared by the store, read without reading the whole cache (see cacheScan.ts). */
  async scan(paths: readonly string[]): Promise<PreparedFinding[]> {
    if (!this.file) return [];
    const { feedUrl, project, store } = this.deps;
    return scanCache(this.file, feedUrl, project, paths, (finding) => store.prepare(finding));
  }

  /** The journal just read holds `journal`: the next incremental save can append to it. */
  adopt(journal: JournalState): void {
    if (this.file) this.writer.adopt(this.file, journal);
  }

  /** Asks for a write (the findings in `changed`, or all); the store is read when it starts. */
  save(changed: 'all' | ReadonlySet<string>): void {
    if (!this.file || !this.deps.cursor()) return;
    const { feedUrl, project, store } = this.deps;
    this.writer.save({
      file: this.file,
      feedUrl,
      project,
      changed,
      snapshot: () => {
        const cursor = this.deps.cursor();
        if (this.stopped || !cursor) return undefined;
        return {
          cursor,
          count: store.size,
          // Read as the write goes: the whole findings (texts included) are never all in memory at once.
          all: function* () {
            for (const s of store.all()) yield store.fullJson(s);
          },
          get: (id) => {
            const stored = store.get(id);
            return stored && store.fullJson(stored);
          },
        };
      },
    });
  }

  /** Resolves once no write is running or waiting. */
  idle(): Promise<void> {
    return this.writer.idle();
  }

  /** The session is over: writes not started are dropped. */
  stop(): void {
    this.stopped = true;
  }
}
