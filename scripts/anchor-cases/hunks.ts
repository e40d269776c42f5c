/**
 * The direct diff between the two versions of a file, read from `git diff -U0 -w <old>:<path>
 * <new>:<path'>`: its hunks, and which lines it keeps in place. Git's diff, not the engine's: the
 * cases are judged by it.
 */

/** One hunk, 0-based: `oldCount` lines from `oldStart` became `newCount` lines from `newStart`. */
export interface Hunk {
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** The hunks of a unified diff (any context); a count of 0 means an insertion or deletion point. */
export function parseHunks(diff: string): Hunk[] {
  const hunks: Hunk[] = [];
  for (const line of diff.split('\n')) {
    const m = HUNK.exec(line);
    if (!m) continue;
    const oldCount = m[2] === undefined ? 1 : Number(m[2]);
    const newCount = m[4] === undefined ? 1 : Number(m[4]);
    // With a count of 0 git names the line before the insertion point; otherwise the first line.
    hunks.push({
      oldStart: Number(m[1]) - (oldCount === 0 ? 0 : 1),
      oldCount,
      newStart: Number(m[3]) - (newCount === 0 ? 0 : 1),
      newCount,
    });
  }
  return hunks;
}

/** For each old line, the new line the diff keeps it as, or -1 when a hunk changed or deleted it. */
export function keptByDiff(hunks: readonly Hunk[], oldLineCount: number): Int32Array {
  const out = new Int32Array(oldLineCount).fill(-1);
  let old = 0;
  let shift = 0;
  for (const h of hunks) {
    for (; old < h.oldStart && old < oldLineCount; old++) out[old] = old + shift;
    old = h.oldStart + h.oldCount;
    shift = h.newStart + h.newCount - old;
  }
  for (; old < oldLineCount; old++) out[old] = old + shift;
  return out;
}
