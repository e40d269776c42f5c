/**
 * Where a finding's old lines are in the newer file, by git's tracking alone (blame for lines that
 * survived, possibly moved; the direct diff for lines edited in place), and whether that answer is
 * sure enough to judge an engine by. Lines whose text occurs more than once are only trusted when a
 * neighbour travelled with them: git's diff may pair identical lines either way.
 */
import { keptByDiff, type Hunk } from './hunks';
import { oldToNew } from './blame';
import { saysLittle, SquashedText } from './squashed';

/** The two versions of one file and what git says about them. */
export interface FileHistory {
  oldLines: readonly string[];
  newLines: readonly string[];
  /** For each new line, the old line it is (git blame), or -1. */
  newToOld: Int32Array;
  /** The direct diff's hunks (git diff -U0 -w). */
  hunks: readonly Hunk[];
}

/** What git says became of old lines `start..end`. */
export type Fate =
  | { kind: 'tracked'; start: number; end: number; moved: boolean; edited: boolean }
  | { kind: 'edited'; start: number; end: number; alike: boolean }
  | { kind: 'deleted' }
  | { kind: 'ambiguous'; why: string };

/** The history with its maps worked out once. */
export class Tracking {
  readonly oldToNew: Int32Array;
  readonly kept: Int32Array;
  readonly edited: Map<number, number>;
  /** Old lines in hunks that add nothing. */
  readonly deletedOutright: Set<number>;
  private readonly oldText: SquashedText;
  private readonly newText: SquashedText;
  private readonly wordLines: Map<string, number>;

  constructor(readonly history: FileHistory) {
    this.oldToNew = oldToNew(history.newToOld, history.oldLines.length);
    this.kept = keptByDiff(history.hunks, history.oldLines.length);
    this.deletedOutright = new Set(
      history.hunks.filter((h) => h.newCount === 0).flatMap((h) => Array.from({ length: h.oldCount }, (_, k) => h.oldStart + k)),
    );
    this.oldText = new SquashedText(history.oldLines);
    this.newText = new SquashedText(history.newLines);
    this.wordLines = linesPerWord(history.oldLines);
    this.edited = pinnedEdits(this, this.oldToNew);
  }

  /**
   * How many times a line's text occurs in the old and the new file, whitespace-blind, also inside
   * longer lines or wrapped over several: each is a place an engine could take it for the flagged code.
   */
  occurrences(line: string): { old: number; new: number } {
    return { old: this.oldText.linesOf(line).length, new: this.newText.linesOf(line).length };
  }

  /** Whether the new file holds `text` (whitespace-blind) on a line a later commit wrote, other than `except`. */
  private inNewCode(text: string, except = -1): boolean {
    return this.newText.linesOf(text).some((j) => j !== except && this.history.newToOld[j]! < 0);
  }

  /** The fate of old lines `start..end` (a one- or three-line finding). */
  fateOf(start: number, end: number): Fate {
    const places: number[] = [];
    let tracked = 0;
    let editedLines = 0;
    for (let i = start; i <= end; i++) {
      const j = this.oldToNew[i]!;
      if (j === -2) return { kind: 'ambiguous', why: 'copied to several places' };
      if (j >= 0) {
        places.push(j);
        tracked++;
      } else if (this.edited.has(i)) {
        places.push(this.edited.get(i)!);
        editedLines++;
      } else places.push(-1);
    }
    if (tracked === 0 && editedLines === 0) return this.deleted(start, end);
    if (places.some((p, k) => p < 0 || (k > 0 && p !== places[k - 1]! + 1))) return { kind: 'ambiguous', why: 'partly deleted or split' };
    const [s, e] = [places[0]!, places[places.length - 1]!];
    if (!this.neighboursAgree(start, end, s)) return { kind: 'ambiguous', why: 'repeated text with no neighbour that travelled with it' };
    if (tracked === 0) {
      // Its text written again elsewhere by a later commit: the statement may have moved there, and the old place been reused.
      if (this.inNewCode(this.textOf(start, end), s)) return { kind: 'ambiguous', why: 'its text was written again by a later commit' };
      return { kind: 'edited', start: s, end: e, alike: this.alike(start, end, s) };
    }
    const moved = this.kept[start] !== s;
    return { kind: 'tracked', start: s, end: e, moved, edited: editedLines > 0 };
  }

  private textOf(start: number, end: number): string {
    return this.history.oldLines.slice(start, end + 1).join('');
  }

  /**
   * Gone from the new file: sure only if the direct diff deleted it outright (a hunk that also adds
   * lines may hold it rewritten), and no copy of its text in the new file is new code (a move git missed).
   */
  private deleted(start: number, end: number): Fate {
    for (let i = start; i <= end; i++)
      if (!this.deletedOutright.has(i)) return { kind: 'ambiguous', why: 'rewritten in a hunk of another size' };
    if (this.inNewCode(this.textOf(start, end))) return { kind: 'ambiguous', why: 'its text was written again by a later commit' };
    // A new line that keeps most of its telling words may be it, rewritten where git saw a deletion and an addition.
    for (let j = 0; j < this.history.newLines.length; j++) {
      const rewritten = this.history.newToOld[j]! < 0 && this.alike(start, end, j);
      if (rewritten) return { kind: 'ambiguous', why: 'a later commit wrote a line like it' };
    }
    return { kind: 'deleted' };
  }

  /**
   * Unique text maps by its text alone; repeated text only when the nearest line above or below that
   * says something (within 3 lines) landed at the same distance.
   */
  private neighboursAgree(start: number, end: number, newStart: number): boolean {
    const lines = this.history.oldLines;
    const repeated = lines.slice(start, end + 1).every((l) => {
      const n = this.occurrences(l);
      return n.old > 1 || n.new > 1;
    });
    if (!repeated) return true;
    const travelled = (i: number): boolean => this.oldToNew[i] === newStart + (i - start);
    for (let i = start - 1; i >= Math.max(0, start - 3); i--)
      if (!saysLittle(lines[i]!)) {
        if (travelled(i)) return true;
        break;
      }
    for (let i = end + 1; i <= Math.min(lines.length - 1, end + 3); i++) if (!saysLittle(lines[i]!)) return travelled(i);
    return false;
  }

  /** At least half of the old lines' telling words are still in the new ones: the same statement, edited. */
  private alike(start: number, end: number, newStart: number): boolean {
    return this.keptWords(start, end, newStart) >= 0.5;
  }

  /**
   * The share of the old lines' telling words still in the new lines from `newStart` on. Telling: on
   * fewer than 3 lines of the old file (`private`, `const`, `this` say nothing); all words when none is.
   */
  keptWords(start: number, end: number, newStart: number): number {
    const all = wordsOf(this.history.oldLines.slice(start, end + 1).join(' '));
    const telling = all.filter((w) => (this.wordLines.get(w) ?? 0) < 3);
    const before = telling.length > 0 ? telling : all;
    const after = new Map<string, number>();
    for (const w of wordsOf(this.history.newLines.slice(newStart, newStart + end - start + 1).join(' ')))
      after.set(w, (after.get(w) ?? 0) + 1);
    let kept = 0;
    for (const w of before) {
      const n = after.get(w) ?? 0;
      if (n === 0) continue;
      after.set(w, n - 1);
      kept++;
    }
    return before.length === 0 ? 0 : kept / before.length;
  }
}

const wordsOf = (text: string): string[] => text.match(/[A-Za-z_][A-Za-z0-9_]*|\d+/g) ?? [];

/** For each word, on how many lines it occurs. */
function linesPerWord(lines: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of lines) for (const w of new Set(wordsOf(line))) out.set(w, (out.get(w) ?? 0) + 1);
  return out;
}

/**
 * The direct diff's one-for-one rewrites (hunks of 1 to 3 lines replaced by as many) whose place git's
 * tracking confirms: the lines just outside the hunk are the same lines in both files (or the file's
 * edge), the old line did not survive elsewhere and the new one is new. Pairing by position is git's
 * guess: a pair is dropped when another new line of its hunk keeps more of the old line's words.
 */
function pinnedEdits(tracking: Tracking, toNew: Int32Array): Map<number, number> {
  const { hunks, oldLines, newToOld } = tracking.history;
  const out = new Map<number, number>();
  for (const h of hunks) {
    if (h.oldCount === 0 || h.oldCount !== h.newCount || h.oldCount > 3) continue;
    const oldEnd = h.oldStart + h.oldCount;
    const aboveKept = h.oldStart === 0 || toNew[h.oldStart - 1] === h.newStart - 1;
    const belowKept = oldEnd >= oldLines.length || toNew[oldEnd] === h.newStart + h.newCount;
    if (!aboveKept || !belowKept) continue;
    for (let k = 0; k < h.oldCount; k++) {
      const [i, j] = [h.oldStart + k, h.newStart + k];
      if (toNew[i] !== -1 || newToOld[j]! >= 0) continue;
      const mine = tracking.keptWords(i, i, j);
      let clearest = true;
      for (let other = 0; other < h.newCount; other++)
        if (other !== k && tracking.keptWords(i, i, h.newStart + other) > mine) clearest = false;
      if (clearest) out.set(i, j);
    }
  }
  return out;
}
