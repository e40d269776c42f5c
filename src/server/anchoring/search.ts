/**
 * The search signals of the anchor engine, shared by the full pass (anchor.ts) and the keystroke
 * path (fileAnchors.ts): the needle searched whitespace-blind, ties broken by distance, the line hash,
 * and the fuzzy comparison that makes a best guess `uncertain`.
 */
import { hashHex, hashOrdinal, lineHashHex } from '../../shared/lineHash';
import { rangeOfLines, rangeOfOccurrence, reportedRange } from './range';
import { reasons } from './reason';
import type { Target } from './target';
import { isTrivial, similarity } from './text';
import type { Occurrence, TextIndex } from './textIndex';
import type { Anchor } from './types';

/** The current lines that replaced the flagged ones, and where the flagged start would be in them. */
export interface Hunk {
  from: number;
  to: number;
  expected: number;
}

/** Every place the needle occurs; whole-line matches only, when there are any. */
export function candidates(target: Target, current: TextIndex): Occurrence[] {
  const all = current.occurrences(target.needle);
  const aligned = all.filter((o) => o.aligned);
  if (aligned.length > 0 || target.source === 'base') return aligned;
  // A part-of-line match is trusted when the feed said the finding is part of a line.
  if (target.startCharacter !== undefined) return all;
  return target.weak ? [] : all;
}

/**
 * The occurrence nearest `expected`; `unique` when it is the only one, or the only one whose line
 * hash matches the feed's.
 */
export function nearest(
  found: Occurrence[],
  target: Target,
  current: TextIndex,
  expected: number,
): { best: Occurrence; unique: boolean; byHash: boolean } {
  let pool = found;
  let byHash = false;
  if (target.lineHash && found.length > 1) {
    const hex = hashHex(target.lineHash);
    const hashed = found.filter((o) => current.hexAt(o.startLine) === hex);
    if (hashed.length > 0) [pool, byHash] = [hashed, hashed.length === 1];
  }
  const sorted = [...pool].sort((a, b) => Math.abs(a.startLine - expected) - Math.abs(b.startLine - expected) || a.startLine - b.startLine);
  return { best: sorted[0]!, unique: sorted.length === 1, byHash };
}

/**
 * Signal 4: the line most like the flagged one among those that replaced it, if alike enough. The
 * bigger the replacement, the more alike it must be (a rewrite is full of lines that look alike);
 * the line at the expected place gets a little benefit of the doubt.
 */
export function fuzzy(target: Target, current: TextIndex, hunk: Hunk, flagged: string, commit?: string): Anchor | undefined {
  const from = Math.max(hunk.from, hunk.expected - 10, 0);
  const to = Math.min(hunk.to, hunk.expected + 10, current.lines.length - 1);
  const size = hunk.to - hunk.from + 1;
  const threshold = size <= 5 ? 0.6 : size <= 30 ? 0.7 : 0.8;
  let best = -1;
  let bestScore = 0;
  for (let line = from; line <= to; line++) {
    const text = current.squashedAt(line);
    const raw = isTrivial(text) ? 0 : text.includes(flagged) && flagged !== '' ? 1 : similarity(text, flagged);
    const score = line === hunk.expected ? raw + 0.1 : raw;
    if (score > bestScore || (score === bestScore && Math.abs(line - hunk.expected) < Math.abs(best - hunk.expected))) {
      [best, bestScore] = [line, score];
    }
  }
  if (best < 0 || bestScore < threshold || isTrivial(flagged)) return undefined;
  bestScore = Math.min(bestScore, 1);
  const end = Math.max(best, Math.min(best + target.endLine - target.startLine, hunk.to));
  const range = rangeOfLines(current.lines, best, end, target, false);
  return { range, state: 'uncertain', confidence: 0.2 + 0.4 * bestScore, reason: reasons.edited(commit) };
}

/**
 * Without a snippet: the line hash searched within 200 lines of the reported line. Where lines with
 * that hash repeat (or repeated at the commit: `:n` above 1), the hash alone cannot say which is
 * meant: the n-th of them is shown, uncertain, unless it is the reported line.
 */
export function byLineHash(target: Target, current: TextIndex): Anchor {
  const s = target.startLine;
  const hex = hashHex(target.lineHash!);
  const n = hashOrdinal(target.lineHash!);
  const last = current.lines.length - 1;
  // The n-th line with the hash is counted from the file's start, so the search starts there when n > 1.
  const from = n > 1 ? 0 : Math.max(0, s - 200);
  const found: number[] = [];
  for (let line = from; line <= Math.min(last, s + 200); line++) if (current.hexAt(line) === hex) found.push(line);
  const span = target.endLine - target.startLine;
  if (found.length === 0) {
    const below = byHashWithLinesInsertedBelow(target, current, hex);
    if (below) return below;
    if (s > last) return lost(target, current, reasons.beyondEnd());
    return { range: reportedRange(current.lines, target), state: 'uncertain', confidence: 0.2, reason: reasons.hashStale() };
  }
  const byDistance = [...found].sort((a, b) => Math.abs(a - s) - Math.abs(b - s) || a - b);
  const line = n > 1 ? (found[n - 1] ?? byDistance[0]!) : byDistance[0]!;
  const range = rangeOfLines(current.lines, line, Math.min(line + span, last), target, line === s);
  const repeated = found.length > 1 || n > 1;
  if (line === s && (!repeated || found[n - 1] === s)) return { range, state: 'exact', confidence: 0.85, reason: reasons.hashInPlace() };
  if (repeated) return { range, state: 'uncertain', confidence: 0.4, reason: reasons.several(Math.max(found.length, n)) };
  return { range, state: 'moved', confidence: 0.7, reason: reasons.hashFound(s, line) };
}

/**
 * Whether line `line` has the hash `hex`, as it is or as it was before 1–3 lines were inserted 1–3
 * lines below line `last` (the flagged code's last line).
 */
export function hashAgreesAt(lines: readonly string[], line: number, hex: string, last = line): boolean {
  return lineHashHex(lines, line) === hex || agreesWithLinesInsertedBelow(lines, line, hex, last);
}

function agreesWithLinesInsertedBelow(lines: readonly string[], line: number, hex: string, last = line): boolean {
  for (let offset = 1; offset <= 3; offset++) {
    for (let count = 1; count <= 3; count++) {
      const from = last + offset;
      if (from + count <= lines.length - 1 && lineHashHex(lines, line, { from, count }) === hex) return true;
    }
  }
  return false;
}

/**
 * A line's hash covers the ~100 characters after it, so a line inserted just below changes it. Tries
 * the hash each line near the reported one would have without 1–3 lines inserted 1–3 lines below it.
 * Only a single hit counts. At most 400 lines × 9 variants × 100 characters.
 */
function byHashWithLinesInsertedBelow(target: Target, current: TextIndex, hex: string): Anchor | undefined {
  const s = target.startLine;
  const last = current.lines.length - 1;
  const hits: number[] = [];
  for (let line = Math.max(0, s - 200); line <= Math.min(last, s + 200) && hits.length < 2; line++) {
    if (agreesWithLinesInsertedBelow(current.lines, line, hex)) hits.push(line);
  }
  if (hits.length !== 1) return undefined;
  const line = hits[0]!;
  const range = rangeOfLines(current.lines, line, Math.min(line + target.endLine - target.startLine, last), target, false);
  return { range, state: line === s ? 'exact' : 'moved', confidence: 0.6, reason: reasons.hashFoundEditedBelow(s, line) };
}

/**
 * Found only inside a longer line: the line was edited around the flagged code. Not when the feed's
 * columns said the finding is part of a line: then that is where it is.
 */
export function insideLongerLine(o: Occurrence, target: Target): boolean {
  return !o.aligned && target.startCharacter === undefined;
}

export function lost(target: Target, current: TextIndex, reason: string): Anchor {
  const anchor: Anchor = { range: reportedRange(current.lines, target), state: 'lost', confidence: 0, reason };
  if (target.snippet !== undefined) anchor.snippet = target.snippet;
  return anchor;
}

/**
 * The keystroke path's choice: the occurrence nearest where the finding just was. At its reported
 * lines it is `exact`; elsewhere `moved` when it is the only one in sight and says enough.
 */
export function chooseNear(found: Occurrence[], target: Target, current: TextIndex, expected: number, commit?: string): Anchor {
  const { best, unique } = nearest(found, target, current, expected);
  const range = rangeOfOccurrence(current.lines, best);
  if (best.startLine === target.startLine) {
    return { range, state: 'exact', confidence: 0.95, reason: reasons.unchanged(commit) };
  }
  if (target.weak) return { range, state: 'uncertain', confidence: 0.4, reason: reasons.weak() };
  if (insideLongerLine(best, target)) return { range, state: 'uncertain', confidence: 0.5, reason: reasons.insideLongerLine(commit) };
  if (!unique) return { range, state: 'uncertain', confidence: 0.4, reason: reasons.several(found.length) };
  return { range, state: 'moved', confidence: 0.85, reason: reasons.movedSince(target.startLine, best.startLine, commit) };
}
