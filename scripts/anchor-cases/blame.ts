/**
 * Git's own line tracking, read from `git blame --porcelain --first-parent -w -M <old>..<new> -- <path>`:
 * for each line of the newer file, the line of the older file it is (whitespace-blind, moves within
 * the file followed), or -1 when a later commit wrote it. This is the truth the cases are judged by,
 * so it must come from git, never from the anchor engine.
 */

/** A porcelain group header: `<sha> <origLine> <finalLine>[ <count>]` (1-based lines). */
const HEADER = /^([0-9a-f]{40,64}) (\d+) (\d+)(?: \d+)?$/;

/**
 * For each of the newer file's `newLineCount` lines (0-based), the 0-based line of `oldPath` at
 * `oldSha` it comes from, or -1. Lines attributed to any other commit or path are -1: with
 * `--first-parent` the only boundary is `oldSha`, and a line from another path was copied in.
 */
export function newToOldFromBlame(porcelain: string, oldSha: string, oldPath: string, newLineCount: number): Int32Array {
  const out = new Int32Array(newLineCount).fill(-1);
  const filenames = new Map<string, string>(); // sha → the path its last group named
  let header: { sha: string; orig: number; final: number } | undefined;
  for (const line of porcelain.split('\n')) {
    const h = HEADER.exec(line);
    if (h) {
      header = { sha: h[1]!, orig: Number(h[2]) - 1, final: Number(h[3]) - 1 };
    } else if (line.startsWith('filename ') && header) {
      filenames.set(header.sha, line.slice('filename '.length));
    } else if (line.startsWith('\t') && header) {
      const fromOld = header.sha === oldSha && filenames.get(header.sha) === oldPath;
      if (fromOld && header.final < newLineCount) out[header.final] = header.orig;
      header = undefined;
    }
  }
  return out;
}

/** The reverse map: for each old line, the new line it became, -1 when none, -2 when several (copies). */
export function oldToNew(newToOld: Int32Array, oldLineCount: number): Int32Array {
  const out = new Int32Array(oldLineCount).fill(-1);
  newToOld.forEach((old, line) => {
    if (old < 0 || old >= oldLineCount) return;
    out[old] = out[old] === -1 ? line : -2;
  });
  return out;
}
