/**
 * The words for what a sync changed, shared by Sync Now's message and the notification of new
 * findings: a few titles and "N more". Titles are feed text in a notification, whose `[text](target)`
 * VS Code turns into a link: the `](` that would make one is broken, so a title names nothing.
 */
import type { SyncChange } from '../shared/protocol';

const MAX_NAMED = 3;
const MAX_TITLE = 60;

/** A feed title fit for a notification: one line, shortened, never a link. */
export function notificationTitle(title: string): string {
  const flat = title.replace(/\s+/g, ' ').trim();
  const short = flat.length > MAX_TITLE ? `${flat.slice(0, MAX_TITLE - 1)}…` : flat;
  return `“${short.replace(/\]\s*\(/g, '] (')}”`;
}

/** `“A”, “B”, “C” and 4 more`: the first titles of `named`, and how many of `total` are not named. */
export function someTitles(named: readonly SyncChange[], total: number): string {
  const shown = named.slice(0, MAX_NAMED).map((c) => notificationTitle(c.title));
  const more = Math.max(0, total - shown.length);
  if (shown.length === 0) return '';
  return more > 0
    ? `${shown.join(', ')} and ${more} more`
    : shown.length === 1
      ? shown[0]!
      : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** The findings the tree can show of a change (withdrawn ones are gone from it). */
export function showable(changes: readonly SyncChange[]): string[] {
  return changes.filter((c) => c.kind !== 'withdrawn').map((c) => c.id);
}
