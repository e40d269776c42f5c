/**
 * The cache's first look: while the whole cache is read (seconds at 100,000 findings), the open
 * files' findings are read from it first (storage/cacheScan.ts) and shown at once. The files open
 * when the session opens are looked at first; a file opened while the read runs is looked at too.
 * Paths asked within one turn go in one scan, and scans run one after another (each reads the whole
 * file), at most FIRST_LOOK_MAX_PATHS paths each. Once the whole cache is taken, nothing more is
 * shown from here: the full cache replaces what was shown, as the feed's full sync replaces its
 * first look (sync/firstLook.ts).
 */
import { FIRST_LOOK_MAX_PATHS } from '../sync/firstLook';

export interface CacheLookDeps<T> {
  /** The cached findings of these feed paths (none when the cache cannot tell). */
  scan(paths: readonly string[]): Promise<T[]>;
  /** Shows what was found; not called once the look is over. */
  show(findings: T[]): Promise<void>;
  log: (level: 'info' | 'warn', message: string) => void;
}

export class CacheLook<T> {
  private readonly asked = new Set<string>();
  private waiting: string[] = [];
  private over = false;
  /** The scans asked for so far, one after another. */
  private running: Promise<void>;

  /** `ready`: once the cache file may be read (the last session's write is over). */
  constructor(
    private readonly deps: CacheLookDeps<T>,
    ready: Promise<void>,
  ) {
    this.running = ready.catch(() => undefined);
  }

  /** Asks for the findings of these feed paths (each once). */
  ask(paths: readonly string[]): void {
    if (this.over) return;
    const fresh = paths.filter((p) => !this.asked.has(p));
    if (fresh.length === 0) return;
    for (const path of fresh) this.asked.add(path);
    const first = this.waiting.length === 0;
    this.waiting.push(...fresh);
    // The files the editor opens at once arrive as several notifications: one scan for those of one turn.
    if (first) setImmediate(() => this.scanWaiting());
  }

  /** The whole cache is taken (or the session is over): nothing more is shown from here. */
  end(): void {
    this.over = true;
    this.waiting = [];
  }

  /** Settles once every scan asked for so far is over (for tests). */
  settled(): Promise<void> {
    return this.running;
  }

  private scanWaiting(): void {
    while (this.waiting.length > 0) {
      const paths = this.waiting.splice(0, FIRST_LOOK_MAX_PATHS);
      this.running = this.running.then(() => this.look(paths));
    }
  }

  private async look(paths: string[]): Promise<void> {
    if (this.over) return;
    const started = Date.now();
    try {
      const found = await this.deps.scan(paths);
      if (this.over || found.length === 0) return;
      this.deps.log('info', `cache first look: ${found.length} finding(s) of ${paths.length} open file(s) in ${Date.now() - started} ms`);
      await this.deps.show(found);
    } catch (e) {
      // The full read shows them anyway, and says what went wrong if it fails too.
      if (!this.over) this.deps.log('warn', `cache first look at the open files failed: ${(e as Error)?.message ?? String(e)}`);
    }
  }
}
