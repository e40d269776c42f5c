/**
 * The open files first: while a full sync of an empty store runs (nothing cached, nothing shown),
 * the open files' findings are asked for on their own (`GET findings?path=…`, one page) and shown
 * as soon as they arrive, instead of after every page of the whole list. The full sync then
 * replaces them, as it replaces everything.
 *
 * A feed that does not know the filter answers the first page of everything: only the findings of
 * the files asked for are kept, so what is shown is right either way (just fewer of them).
 */
import type { Finding } from '../../shared/feed';
import type { FeedClient } from '../feed/client';
import { validateInto, type InvalidFinding } from '../feed/validate';

/** The feed's most findings per page: the first look is one page. */
export const FIRST_LOOK_LIMIT = 1000;
/** The feed's most `path` values per request. */
export const FIRST_LOOK_MAX_PATHS = 50;
/**
 * The longest the full listing waits for the first look's answer ({@link FirstLook.answered}): a
 * feed slow to filter by path, or a look that retries, does not hold the whole sync back longer.
 */
export const FIRST_LOOK_HEAD_START_MS = 1000;

export interface FirstLookDeps<T> {
  client: FeedClient;
  project: string;
  signal: AbortSignal;
  keep: (finding: Finding) => T;
  /** Shows what arrived; not called once the look is over (the full sync came first, or was superseded). */
  show: (findings: T[]) => Promise<void>;
  log: (level: 'info' | 'warn', message: string) => void;
}

/** The first looks of one full sync: `ask` for each file opened while it runs, `end` when the sync's outcome is taken. */
export class FirstLook<T> {
  private readonly asked = new Set<string>();
  private over = false;
  private pending: Promise<void>[] = [];
  private firstAnswer: Promise<void> | undefined;

  constructor(private readonly deps: FirstLookDeps<T>) {}

  /**
   * Settles once the first look asked has its answer (shown, or failed), or at once when none was
   * asked. The full sync's listing waits for it (at most `capMs`): asked together, the feed and the
   * server worked on the listing's first page (1,000 findings) beside the open files' few, and the
   * first squiggle waited for both.
   */
  answered(capMs: number = FIRST_LOOK_HEAD_START_MS): Promise<void> {
    const first = this.firstAnswer;
    if (first === undefined) return Promise.resolve();
    let timer: NodeJS.Timeout | undefined;
    const cap = new Promise<void>((resolve) => (timer = setTimeout(resolve, capMs)));
    return Promise.race([first, cap]).finally(() => clearTimeout(timer));
  }

  /** Asks for the findings of these feed paths (each once per sync). */
  ask(paths: readonly string[]): void {
    const fresh = paths.filter((p) => !this.asked.has(p)).slice(0, FIRST_LOOK_MAX_PATHS - this.asked.size);
    if (this.over || fresh.length === 0) return;
    for (const path of fresh) this.asked.add(path);
    let answered!: () => void;
    const answer = new Promise<void>((resolve) => (answered = resolve));
    this.firstAnswer ??= answer;
    this.pending.push(this.look(fresh, answered));
  }

  /** The full sync's outcome is taken (or dropped): nothing more is shown from here. */
  end(): void {
    this.over = true;
  }

  /** Settles once every look asked for so far is over (for tests). */
  async settled(): Promise<void> {
    await Promise.all(this.pending);
  }

  /** One look; `answered` is called once its answer is in hand (before it is shown) or it failed. */
  private async look(paths: string[], answered: () => void): Promise<void> {
    const started = Date.now();
    try {
      const result = await this.deps.client.findingsPage(this.deps.project, { paths, limit: FIRST_LOOK_LIMIT }, this.deps.signal);
      if (this.over || result.notModified) return;
      const kept = findingsOfPaths(result.page.findings, new Set(paths), this.deps.keep);
      this.deps.log('info', `first look: ${kept.length} finding(s) of ${paths.length} open file(s) in ${Date.now() - started} ms`);
      // Shown before the listing's first page is asked for: its publishing starts on this turn.
      const shown = this.deps.show(kept);
      answered();
      await shown;
    } catch (e) {
      // The full sync brings them anyway, and says what went wrong if it fails too.
      if (!this.over) this.deps.log('warn', `first look at the open files failed: ${(e as Error)?.message ?? String(e)}`);
    } finally {
      answered();
    }
  }
}

/**
 * The valid findings of these paths (tombstones left out: a full listing has none). The others are
 * not even validated, and the invalid ones are not counted here: the full sync counts them.
 */
export function findingsOfPaths<T>(raw: readonly unknown[], paths: ReadonlySet<string>, keep: (finding: Finding) => T): T[] {
  const valid: Finding[] = [];
  const invalid: InvalidFinding[] = [];
  validateInto(
    raw.filter((item) => paths.has(locationPath(item) ?? '')),
    valid,
    invalid,
  );
  return valid.filter((f) => f.status !== 'withdrawn' && paths.has(f.location.path)).map(keep);
}

function locationPath(item: unknown): string | undefined {
  const location = typeof item === 'object' && item !== null ? (item as { location?: unknown }).location : undefined;
  const path = typeof location === 'object' && location !== null ? (location as { path?: unknown }).path : undefined;
  return typeof path === 'string' ? path : undefined;
}
