/**
 * Gives memory back to the system once big work is over: a sync or a cache load that read tens of
 * megabytes, or one big answer from the feed (kept or refused). Such work leaves V8's heap far
 * larger than what it keeps (at 100,000 findings: 102 MB live in a 289 MB process): the young
 * generation stays at its largest and the old one is fragmented by the pages parsed and dropped. V8
 * shrinks both only when its memory reducer decides the process is idle, which happened within 30 s
 * in some bench runs only (178 MB when it did).
 *
 * A memory-reducing GC does the same at once, in one pause (0.4–0.5 s at 100,000 findings), at a
 * moment the server chooses: right after the work, when nothing waits. Node has no API for it;
 * the inspector's `HeapProfiler.collectGarbage`, over an in-process session (no port is opened),
 * runs exactly that GC. Smaller work never pays for it: it counts towards the next release.
 *
 * The trigger is the bytes read (from the feed, answers refused for their size included, or from
 * the cache), not the findings kept: a feed can make the server read 32 MB of spaces and keep
 * nothing, and that garbage is as big as 15,000 findings'.
 */
import type * as Inspector from 'node:inspector';

/**
 * Bytes read since the last release for a release to be worth it: about 50,000 findings of the
 * bench's feed (19 MB per 10,000). The release is not free afterwards either: V8 starts again from
 * a small young generation and a tight old one, and its compiled code was aged, so the next syncs
 * cost more (at 10,000 findings a 100-change sync went from 55–70 ms to 95–130 ms, and a 304 resync
 * from 3 ms to 3.5–6 ms when it released after every 10,000-finding sync). At 10,000 the process
 * holds about 150 MB without it; at 100,000, 290 MB.
 */
export const RELEASE_AFTER_BYTES = 96 * 1024 * 1024;

/**
 * One answer this big makes the release due on its own, whatever came before: held whole while it
 * is parsed, it leaves a heap of its size (ten times the bench's 1 MB pages of 500 findings).
 */
export const BIG_READ_BYTES = 16 * 1024 * 1024;

/** What one release did, for the log. */
export interface Released {
  rssBefore: number;
  rssAfter: number;
  ms: number;
}

export interface MemoryReleaseDeps {
  /** Runs a memory-reducing full GC; the default uses the inspector. Rejects when it cannot. */
  collect?: () => Promise<void>;
  rss?: () => number;
  /** Default {@link RELEASE_AFTER_BYTES}. */
  threshold?: number;
  /** Default {@link BIG_READ_BYTES}. */
  bigRead?: number;
}

export class MemoryRelease {
  private churn = 0;
  private big = false;
  /** The collector failed once: it is not tried again. */
  private failed = false;
  private running: Promise<Released | undefined> | undefined;

  constructor(private readonly deps: MemoryReleaseDeps = {}) {}

  /** `bytes` were read (one answer of the feed, or the cache): garbage in proportion. */
  note(bytes: number): void {
    this.churn += bytes;
    if (bytes >= (this.deps.bigRead ?? BIG_READ_BYTES)) this.big = true;
  }

  /** Whether a release would run now (enough read since the last one, or one big read). */
  get due(): boolean {
    return this.big || this.churn >= (this.deps.threshold ?? RELEASE_AFTER_BYTES);
  }

  /**
   * Releases when enough was read since the last release; call once the work that made the garbage
   * is over (the sync and its cache write, or a failed sync). Undefined when not due (or a release
   * is running). A collector that fails is not tried again: the error says why, once.
   */
  async releaseIfDue(): Promise<Released | undefined> {
    if (this.failed || this.running || !this.due) return undefined;
    this.churn = 0;
    this.big = false;
    this.running = this.release();
    try {
      return await this.running;
    } finally {
      this.running = undefined;
    }
  }

  private async release(): Promise<Released> {
    const rss = this.deps.rss ?? (() => process.memoryUsage.rss());
    const rssBefore = rss();
    const started = performance.now();
    try {
      await (this.deps.collect ?? inspectorCollect)();
    } catch (error) {
      this.failed = true;
      throw error;
    }
    return { rssBefore, rssAfter: rss(), ms: performance.now() - started };
  }
}

/**
 * The inspector's memory-reducing GC, over a session opened for it and closed after (closing it
 * inside the reply's callback hangs Node 20, so it closes on the next turn).
 */
export function inspectorCollect(): Promise<void> {
  // Loaded here: a Node built without the inspector throws, and only this feature is lost.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy require is what keeps the failure local
  const inspector = require('node:inspector') as typeof Inspector;
  const session = new inspector.Session();
  session.connect();
  return new Promise<void>((resolve, reject) => {
    session.post('HeapProfiler.collectGarbage', (error) => {
      setImmediate(() => session.disconnect());
      if (error) reject(error);
      else resolve();
    });
  });
}

/**
 * Once `idle` resolves (the cache write after the work), gives back what big work left in the heap
 * when a release is due, and logs what it gave back, or why it could not (it is not tried again).
 */
export function releaseWhenIdle(
  memory: MemoryRelease,
  idle: Promise<void>,
  after: string,
  log: (level: 'info' | 'warn', message: string) => void,
): void {
  const mb = (bytes: number) => Math.round(bytes / 1048576);
  void idle
    .then(() => memory.releaseIfDue())
    .then(
      (released) =>
        released &&
        log(
          'info',
          `memory given back after ${after}: RSS ${mb(released.rssBefore)} MB → ${mb(released.rssAfter)} MB in ${Math.round(released.ms)} ms`,
        ),
      (error: unknown) =>
        log(
          'warn',
          `could not give memory back after ${after} (not tried again; V8 gives it back when idle): ${error instanceof Error ? error.message : String(error)}`,
        ),
    );
}
