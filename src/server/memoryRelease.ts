/**
 * Gives memory back to the system once big work is over: a sync, or a cache load, of tens of
 * thousands of findings. Such work leaves V8's heap far larger than what it keeps (at 100,000 findings: 102 MB
 * live in a 289 MB process): the young generation stays at its largest and the old one is
 * fragmented by the pages parsed and dropped. V8 shrinks both only when its memory reducer decides
 * the process is idle, which happened within 30 s in some bench runs only (178 MB when it did).
 *
 * A memory-reducing GC does the same at once, in one pause (0.4–0.5 s at 100,000 findings), at a
 * moment the server chooses: right after the work, when nothing waits. Node has no API for it;
 * the inspector's `HeapProfiler.collectGarbage`, over an in-process session (no port is opened),
 * runs exactly that GC. Smaller work never pays for it: it counts towards the next release.
 */
import type * as Inspector from 'node:inspector';

/**
 * Findings a sync or a cache load must have brought in, since the last release, for a release to
 * be worth it. The release is not free afterwards either: V8 starts again from a small young
 * generation and a tight old one, and its compiled code was aged, so the next syncs cost more (at
 * 10,000 findings a 100-change sync went from 55–70 ms to 95–130 ms, and a 304 resync from 3 ms to
 * 3.5–6 ms). At 10,000 the process holds about 150 MB without it; at 100,000, 290 MB.
 */
export const RELEASE_AFTER_FINDINGS = 50_000;

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
  threshold?: number;
}

export class MemoryRelease {
  private churn = 0;
  /** The collector failed once: it is not tried again. */
  private failed = false;
  private running: Promise<Released | undefined> | undefined;

  constructor(private readonly deps: MemoryReleaseDeps = {}) {}

  /** `findings` were added, changed or loaded: garbage in proportion. */
  note(findings: number): void {
    this.churn += findings;
  }

  /**
   * Releases when enough findings came in since the last release; call once the work that made the
   * garbage is over (the sync and its cache write). Undefined when not due (or a release is running).
   * A collector that fails is not tried again: the error says why, once.
   */
  async releaseIfDue(): Promise<Released | undefined> {
    if (this.failed || this.running || this.churn < (this.deps.threshold ?? RELEASE_AFTER_FINDINGS)) return undefined;
    this.churn = 0;
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
