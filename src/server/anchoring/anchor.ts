/**
 * The anchor engine: where a finding's flagged code is in the current text, and how sure we are.
 *
 * Signals, strongest first:
 * 1. the line diff from the file at the finding's commit to the current text: an unchanged flagged
 *    region maps exactly (`exact`, or `moved` when the code above changed);
 * 2. the flagged text (the feed's snippet, or the commit's lines), whitespace-blind, searched in the
 *    whole file; with a diff, only among lines the diff says are new, so a finding never jumps onto an
 *    identical copy that was already there;
 * 3. the line hash, to pick among identical snippets, or alone when the feed gave no snippet;
 * 4. a fuzzy comparison with the lines that replaced the flagged ones (`uncertain`).
 * Ties go to the place nearest the expected one. Nothing found: `lost`.
 */
import type { Location } from '../../shared/feed';
import { diffLines, type LineMap } from './diff';
import { rangeOfLines, rangeOfOccurrence } from './range';
import { reasons } from './reason';
import { bestCopy, chooseAmongCopies } from './copies';
import { replacedInPlace } from './inPlace';
import { agreementAt, isRepeated, neighboursAgree } from './neighbours';
import { candidates, fuzzy, insideLongerLine, lost, nearest, type Hunk } from './search';
import { Repeats } from './repeats';
import { targetOf, type Target } from './target';
import { isTrivial, similarity, splitLines } from './text';
import { TextIndex, type Occurrence } from './textIndex';
import type { Anchor, AnchorInput } from './types';
import { anchorWithoutBase } from './withoutBase';

/** The file at the finding's commit, diffed once against the current text. */
export interface PreparedBase {
  index: TextIndex;
  map: LineMap;
  repeats: Repeats;
}

/** Anchors one finding. For many findings in one file, prepare once and call {@link anchorPrepared}. */
export function anchor(input: AnchorInput): Anchor {
  const current = new TextIndex(splitLines(input.currentText));
  const base = input.baseText !== undefined ? prepareBase(input.baseText, current) : undefined;
  return anchorPrepared(input.location, current, base, input.commit);
}

/** Splits and diffs the base text against an already indexed current text. O(n log n) typically. */
export function prepareBase(baseText: string, current: TextIndex): PreparedBase {
  const index = new TextIndex(splitLines(baseText));
  const diff = diffLines(index.squashed, current.squashed);
  return { index, map: diff, repeats: new Repeats(diff) };
}

/** Anchors one finding against prepared texts (shared by every finding of the file). */
export function anchorPrepared(location: Location, current: TextIndex, base: PreparedBase | undefined, commit?: string): Anchor {
  return anchorTarget(targetOf(location, base?.index.lines), current, base, commit);
}

/** Anchors an already built target (see target.ts). */
export function anchorTarget(target: Target, current: TextIndex, base: PreparedBase | undefined, commit?: string): Anchor {
  return base ? anchorWithBase(target, current, base, commit) : anchorWithoutBase(target, current);
}

function anchorWithBase(target: Target, current: TextIndex, base: PreparedBase, commit?: string): Anchor {
  const mapped = mapThroughDiff(target, current, base, commit);
  if (mapped) return mapped;
  const hunk = hunkOf(target, base, current.lines.length);
  const fresh = candidates(target, current).filter((o) => isNewCode(o, target, base.map));
  if (fresh.length > 0) return chooseWithBase(fresh, target, current, base, hunk, commit);
  const flagged = base.index.squashedAt(target.startLine);
  return (
    partlyMapped(target, current, base, commit) ??
    fuzzy(target, current, hunk, flagged) ??
    replacedInPlace(target, current, base, commit) ??
    byContext(target, current, base, flagged, commit) ??
    lost(target, current, reasons.gone(commit))
  );
}

/**
 * Signal 1: the flagged lines are unchanged in the diff. Repeated code is taken at the diff's word
 * only when its neighbours agree, and flagged lines only where they stand together: the diff may
 * pair identical lines either way.
 */
function mapThroughDiff(target: Target, current: TextIndex, base: PreparedBase, commit?: string): Anchor | undefined {
  const mapped = diffPlace(target, current, base, commit);
  if (!mapped || target.weak) return mapped;
  const { startLine, endLine } = mapped.range;
  const together = endLine - startLine === target.endLine - target.startLine;
  if (together && !isRepeated(target, base.repeats)) return mapped;
  if (together && neighboursAgree(agreementAt(target, base.index, current, startLine, endLine))) return mapped;
  // Repeated code whose neighbours disagree, or flagged lines the diff split apart (pairing some
  // of them with copies) while they still stand together: the copy whose neighbours agree.
  const copy = chooseAmongCopies(target, current, base, startLine, commit);
  if (copy || !together) return copy ?? mapped; // split, and nowhere together: lines were inserted between them
  return { ...mapped, state: 'uncertain', confidence: 0.4, reason: reasons.neighboursChanged(commit) };
}

function diffPlace(target: Target, current: TextIndex, base: PreparedBase, commit?: string): Anchor | undefined {
  const { startLine: s, endLine: e } = target;
  const b2c = base.map.baseToCurrent;
  if (e >= b2c.length) return undefined;
  for (let i = s; i <= e; i++) if (b2c[i]! < 0 || (i > s && b2c[i]! <= b2c[i - 1]!)) return undefined;
  const js = b2c[s]!;
  const je = b2c[e]!;
  if (!hasContext(target, base, js, je)) return undefined;
  let sameText = true;
  for (let i = s; i <= e; i++) if (base.index.lines[i] !== current.lines[b2c[i]!]) sameText = false;
  const range = sameText ? rangeOfLines(current.lines, js, je, target, true) : preciseRange(target, current, js, je);
  if (js === s && je === e) return { range, state: 'exact', confidence: 1, reason: reasons.unchanged(commit) };
  return { range, state: 'moved', confidence: 0.95, reason: reasons.shiftedByDiff(s, js, commit) };
}

/** A diff match on lines that say nothing (`}`) counts only if a neighbour moved along with them. */
function hasContext(target: Target, base: PreparedBase, js: number, je: number): boolean {
  const { startLine: s, endLine: e } = target;
  let informative = false;
  for (let i = s; i <= e; i++) if (!isTrivial(base.index.squashedAt(i))) informative = true;
  if (informative) return true;
  const b2c = base.map.baseToCurrent;
  return (s > 0 && b2c[s - 1] === js - 1) || (e + 1 < b2c.length && b2c[e + 1] === je + 1);
}

/** The needle's exact characters within lines js..je, or those whole lines. */
function preciseRange(target: Target, current: TextIndex, js: number, je: number): Anchor['range'] {
  const occ = current.occurrences(target.needle, js, js).find((o) => o.endLine <= je);
  return occ ? rangeOfOccurrence(current.lines, occ) : rangeOfLines(current.lines, js, je, target, false);
}

/** Bounded by the nearest unchanged informative lines: a blank line matched elsewhere says nothing. */
function hunkOf(target: Target, base: PreparedBase, currentLength: number): Hunk {
  const b2c = base.map.baseToCurrent;
  const unchanged = (i: number): boolean => b2c[i]! >= 0 && !isTrivial(base.index.squashedAt(i));
  let p = Math.min(target.startLine, b2c.length) - 1;
  while (p >= 0 && !unchanged(p)) p--;
  let q = target.endLine + 1;
  while (q < b2c.length && !unchanged(q)) q++;
  const from = p >= 0 ? b2c[p]! + 1 : 0;
  const to = q < b2c.length ? b2c[q]! - 1 : currentLength - 1;
  const expected = Math.max(from, Math.min(from + (target.startLine - p - 1), Math.max(from, to)));
  return { from, to, expected };
}

/** An occurrence is the flagged code only if the diff does not say it was already other code. */
function isNewCode(o: Occurrence, target: Target, map: LineMap): boolean {
  for (let line = o.startLine; line <= o.endLine; line++) {
    const b = map.currentToBase[line]!;
    if (b >= 0 && (b < target.startLine || b > target.endLine)) return false;
  }
  return true;
}

/**
 * Signal 2 with the diff: the flagged text found among new lines. Code that was repeated is placed
 * by its neighbours, and is confident only where they agree; a match inside a longer line is an
 * edited line, so a best guess.
 */
function chooseWithBase(found: Occurrence[], target: Target, current: TextIndex, base: PreparedBase, hunk: Hunk, commit?: string): Anchor {
  const copies = isRepeated(target, base.repeats) ? bestCopy(found, target, current, base, hunk.expected) : undefined;
  const { best, unique } = copies
    ? { best: copies.best.occurrence, unique: found.length === 1 }
    : nearest(found, target, current, hunk.expected);
  const range = rangeOfOccurrence(current.lines, best);
  const inHunk = best.startLine >= hunk.from && best.startLine <= hunk.to;
  if (target.weak) return { range, state: 'uncertain', confidence: 0.4, reason: reasons.weak() };
  if (insideLongerLine(best, target)) return { range, state: 'uncertain', confidence: 0.5, reason: reasons.insideLongerLine(commit) };
  if (copies && !(neighboursAgree(copies.best.agreement) && !copies.others.some((o) => neighboursAgree(o.agreement)))) {
    return { range, state: 'uncertain', confidence: 0.4, reason: reasons.several(found.length) };
  }
  if (!unique && !inHunk) return { range, state: 'uncertain', confidence: 0.4, reason: reasons.several(found.length) };
  // Still starting on the reported line (re-wrapped, say): the text at the original place still matches.
  const atPlace = best.startLine === target.startLine;
  const reason = inHunk ? reasons.reformatted(commit) : reasons.relocated(target.startLine, best.startLine, commit);
  return { range, state: atPlace ? 'exact' : 'moved', confidence: unique ? 0.85 : 0.7, reason };
}

/** A multi-line finding part of whose lines are unchanged: shown on those, uncertain. */
function partlyMapped(target: Target, current: TextIndex, base: PreparedBase, commit?: string): Anchor | undefined {
  const b2c = base.map.baseToCurrent;
  const kept: number[] = []; // base lines of the flagged range that are unchanged
  for (let i = target.startLine; i <= Math.min(target.endLine, b2c.length - 1); i++) {
    if (b2c[i]! >= 0 && !isTrivial(base.index.squashedAt(i))) kept.push(i);
  }
  if (kept.length === 0) return undefined;
  const first = kept[0]!;
  const last = kept[kept.length - 1]!;
  const lastLine = current.lines.length - 1;
  const start = Math.max(0, b2c[first]! - (first - target.startLine));
  const end = Math.min(lastLine, Math.max(start, b2c[last]! + (target.endLine - last)));
  const range = rangeOfLines(current.lines, start, end, target, false);
  return { range, state: 'uncertain', confidence: 0.5, reason: reasons.partlyEdited(commit) };
}

/**
 * Signal 4, when the flagged lines moved and were edited: among lines the diff says are new, one
 * like the flagged line whose neighbours are the flagged line's neighbours at the commit.
 * O(lines of the file) per finding, only for findings no other signal placed.
 */
function byContext(target: Target, current: TextIndex, base: PreparedBase, flagged: string, commit?: string): Anchor | undefined {
  if (isTrivial(flagged)) return undefined;
  const span = target.endLine - target.startLine;
  const above = base.index.squashedAt(target.startLine - 1);
  const below = base.index.squashedAt(target.endLine + 1);
  const c2b = base.map.currentToBase;
  let best = -1;
  let bestScore = 0;
  for (let line = 0; line < current.lines.length; line++) {
    if (c2b[line]! >= 0) continue;
    const context =
      (!isTrivial(above) && current.squashedAt(line - 1) === above ? 1 : 0) +
      (!isTrivial(below) && current.squashedAt(line + span + 1) === below ? 1 : 0);
    if (context === 0) continue;
    const score = similarity(current.squashedAt(line), flagged) + 0.15 * context;
    if (score > bestScore) [best, bestScore] = [line, score];
  }
  if (best < 0 || bestScore < 0.75) return undefined;
  const range = rangeOfLines(current.lines, best, Math.min(best + span, current.lines.length - 1), target, false);
  return { range, state: 'uncertain', confidence: 0.4, reason: reasons.movedAndEdited(commit) };
}
