/**
 * The files of a cold full sync shown as the sync goes (see earlyFiles.ts for which ones): each
 * page's complete files go into the store and out to the editor at once, through the same paced
 * publishing as everything else, while the sync fetches the next pages. Each file's findings
 * replace what the store held there: a finding the open files' first look showed and the feed has
 * withdrawn since goes with its file, not at the sync's end. The sync's end then replaces the store
 * as always; the findings placed here are the same revisions, so it changes (and publishes) only
 * the files not shown yet.
 *
 * Like the open files' first look, what is shown here stays shown if the sync fails or is stopped,
 * until the next good sync replaces it (docs/architecture.md, "Files shown as a cold sync goes").
 */
import type { KeptPage } from '../feed/sync';
import type { PreparedFinding } from '../findings/store';
import { EarlyFiles } from './earlyFiles';

/** What showing files early did: findings that changed in the store, files whose diagnostics were sent. */
export interface ShownEarly {
  changed: number;
  filesPublished: number;
}

export interface EarlyShownDeps {
  /** Places these findings (every finding of their files) and publishes their files. */
  show: (findings: PreparedFinding[]) => Promise<ShownEarly>;
  log: (level: 'info' | 'warn', message: string) => void;
}

export class EarlyShown {
  private readonly files = new EarlyFiles<PreparedFinding>((p) => p.finding.location.path);
  private readonly shows: Array<Promise<ShownEarly>> = [];
  private shown = 0;
  private over = false;

  constructor(private readonly deps: EarlyShownDeps) {}

  /** The sync's `onKept`: the files each page completes are shown (the last page's wait for the sync's end, which follows at once). */
  readonly onKept = (page: KeptPage<PreparedFinding>): void => {
    if (this.over || page.last) return;
    const step = this.files.take(page);
    if (step.kind === 'stopped') {
      const level = step.warn ? 'warn' : 'info';
      this.deps.log(level, `files shown as the sync goes: stopped, ${step.why}; the rest are shown at the end of the sync`);
      return;
    }
    if (step.findings.length === 0) return;
    this.shown += step.findings.length;
    this.shows.push(
      this.deps.show(step.findings).catch((e: unknown) => {
        this.deps.log('warn', `files shown as the sync goes: ${(e as Error)?.message ?? String(e)}`);
        return { changed: 0, filesPublished: 0 };
      }),
    );
  };

  /** The sync is over (taken, failed or stopped): nothing more is shown; resolves with what was, once all is published. */
  async end(): Promise<ShownEarly> {
    this.over = true;
    const total: ShownEarly = { changed: 0, filesPublished: 0 };
    for (const done of await Promise.all(this.shows)) {
      total.changed += done.changed;
      total.filesPublished += done.filesPublished;
    }
    if (this.shown > 0)
      this.deps.log('info', `files shown as the sync went: ${this.shown} finding(s) in ${total.filesPublished} file(s) before its end`);
    return total;
  }
}
