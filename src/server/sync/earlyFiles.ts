/**
 * The files a cold full sync has complete before its end. A full sync asked for in path order
 * (`order=path`, docs/feed-protocol.md) brings each file's findings together, files in the order
 * of src/shared/pathOrder.ts: once a page has shown path P, every file before P is complete, and
 * can be drawn while the rest of the list is still on its way (instead of all of it at the end).
 *
 * The order is the feed's word, checked here: a page out of order, a page that no longer says it
 * is in path order, or a sync that starts again (a retry) stops the early files for the rest of the
 * sync, and the whole list is shown at its end, as without them.
 */
import { comparePaths } from '../../shared/pathOrder';
import type { KeptPage } from '../feed/sync';

/** What a page made of the early files: findings whose files are complete now, or why they stop. */
export type EarlyStep<T> = { kind: 'complete'; findings: T[] } | { kind: 'stopped'; why: string; warn: boolean };

export class EarlyFiles<T> {
  /** The findings of the last path seen: it may go on in the next page. */
  private held: T[] = [];
  private last: string | undefined;
  private pages = 0;
  private stoppedAt: string | undefined;

  constructor(private readonly pathOf: (finding: T) => string) {}

  /** Why the early files stopped, once they did. */
  get stopped(): string | undefined {
    return this.stoppedAt;
  }

  /** Takes the next page: the findings of the files it completed (in path order), or why early files stop here. */
  take(page: KeptPage<T>): EarlyStep<T> {
    if (this.stoppedAt !== undefined) return { kind: 'complete', findings: [] };
    const wrong = this.wrongPage(page);
    if (wrong) return this.stop(wrong.why, wrong.warn);
    this.pages = page.n;
    for (const finding of page.kept) {
      const path = this.pathOf(finding);
      if (this.last !== undefined && comparePaths(this.last, path) > 0) {
        return this.stop(`page ${page.n} of the path-ordered listing has ${JSON.stringify(path)} after ${JSON.stringify(this.last)}`, true);
      }
      this.last = path;
    }
    this.held.push(...page.kept);
    return { kind: 'complete', findings: this.completed() };
  }

  private wrongPage(page: KeptPage<T>): { why: string; warn: boolean } | undefined {
    if (page.n !== this.pages + 1) return { why: 'the sync started again', warn: false };
    if (page.order === 'path') return undefined;
    if (page.n === 1) return { why: 'the feed does not serve the list in path order', warn: false };
    return { why: `page ${page.n} no longer says it is in path order`, warn: true };
  }

  /** The held findings before the last path seen, no longer held. */
  private completed(): T[] {
    let from = this.held.length;
    while (from > 0 && this.pathOf(this.held[from - 1]!) === this.last) from -= 1;
    if (from === 0) return [];
    const done = this.held.slice(0, from);
    this.held = this.held.slice(from);
    return done;
  }

  private stop(why: string, warn: boolean): EarlyStep<T> {
    this.stoppedAt = why;
    this.held = [];
    return { kind: 'stopped', why, warn };
  }
}
