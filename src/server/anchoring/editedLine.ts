/**
 * Without the file at the finding's commit, the flagged line may have been edited: which line is
 * it now? The line hash can say, read with the snippet in a line's place: if the lines below that
 * line are still the ones that were below the flagged line, the hash comes out the same. Likeness
 * to the snippet must back it (see hashPinsEdit); with no line hash, likeness alone, strictly.
 */
import { hashHex, lineHashHex, withReplacement } from '../../shared/lineHash';
import { rangeOfLines } from './range';
import { reasons } from './reason';
import type { Target } from './target';
import { isTrivial, similarity, splitLines, squash } from './text';
import type { Occurrence, TextIndex } from './textIndex';
import type { Anchor } from './types';

/** How far from the reported line an edited line is looked for by its line hash. */
const HASH_REACH = 200;
/** How many of the line hash's 100 characters must come from below the edited lines for it to vouch for them. */
const MIN_BELOW = 30;
/**
 * How alike an edited line must be to the snippet when the line hash vouches for the lines below it,
 * covers some of them, and covers none (then it only repeats the snippet: likeness is all there is).
 */
const ALIKE_VOUCHED = 0.4;
const ALIKE_PARTLY = 0.6;
const ALIKE_UNCOVERED = 0.7;
/** How alike a line at the reported place must be to be taken for the flagged line edited, over an exact copy elsewhere. */
const ALIKE_AT_PLACE = 0.8;
/** With no line hash to vouch: how far, how alike, and how much more alike than the runner-up. */
const ALIKE_REACH = 50;
const ALIKE_ALONE = 0.8;
const ALIKE_MARGIN = 0.15;

/**
 * The snippet found elsewhere (its line hash, if any, disagreeing there), and at the reported place
 * (give or take 3 lines) a line like it whose lines below are the flagged line's (by the line hash;
 * without one, a line very like it): more likely the flagged line edited in place, next to older
 * copies, than code moved away and a look-alike written where it was. Shown there, uncertain.
 */
export function editedAtPlace(
  target: Target,
  current: TextIndex,
  found: readonly Occurrence[],
  hex: string | undefined,
): Anchor | undefined {
  if (target.snippet === undefined) return undefined;
  const snippet = splitLines(target.snippet);
  const last = current.lines.length - 1;
  const onCopy = (line: number) => found.some((o) => line + snippet.length - 1 >= o.startLine && line <= o.endLine);
  for (let d = 0; d <= 3; d++) {
    for (const line of d === 0 ? [target.startLine] : [target.startLine - d, target.startLine + d]) {
      if (line < 0 || line > last || onCopy(line)) continue;
      if (hex ? !hashPinsEdit(target, current, line, snippet, hex) : likeness(snippet, current, line) < ALIKE_AT_PLACE) continue;
      const range = rangeOfLines(current.lines, line, Math.min(last, line + snippet.length - 1), target, false);
      return { range, state: 'uncertain', confidence: 0.4, reason: reasons.editedNextToCopy(found.length) };
    }
  }
  return undefined;
}

/**
 * The flagged line was edited in place: the nearest line to the reported one that the line hash
 * pins (see hashPinsEdit): the lines below it are still the ones below the flagged line.
 *
 * Likeness is what tells an edit from a deletion: with the flagged line deleted, the line above it
 * has the same lines below it, so the hash matches there too.
 */
export function editedBelowUnchanged(target: Target, current: TextIndex): Anchor | undefined {
  if (!target.lineHash || target.weak || target.snippet === undefined) return undefined;
  const hex = hashHex(target.lineHash);
  const replacement = splitLines(target.snippet);
  const last = current.lines.length - 1;
  for (let d = 0; d <= HASH_REACH; d++) {
    for (const line of d === 0 ? [target.startLine] : [target.startLine - d, target.startLine + d]) {
      if (line < 0 || line > last || isTrivial(current.squashedAt(line))) continue;
      if (!hashPinsEdit(target, current, line, replacement, hex)) continue;
      const range = rangeOfLines(current.lines, line, Math.min(last, line + replacement.length - 1), target, false);
      return { range, state: 'uncertain', confidence: 0.45, reason: reasons.editedBelowUnchanged() };
    }
  }
  return undefined;
}

/**
 * Whether the line hash pins an edited flagged line at `line`: with the snippet in its place the
 * line has the finding's hash, and the line is still like the snippet: a little when the hash
 * vouches for telling lines below it, more when it covers less of them, most when it covers none
 * (a long snippet fills the hash on its own, so it would match anywhere).
 */
function hashPinsEdit(target: Target, current: TextIndex, line: number, snippet: readonly string[], hex: string): boolean {
  const alike = likeness(snippet, current, line);
  if (alike < ALIKE_VOUCHED) return false;
  const below = hashCoverageBelow(current, line + snippet.length, target);
  if (alike < (below === 'vouches' ? ALIKE_VOUCHED : below === 'partly' ? ALIKE_PARTLY : ALIKE_UNCOVERED)) return false;
  return snippetHashAgreesAt(current.lines, line, snippet, hex);
}

/**
 * Whether line `line`, with the snippet's lines in the place of as many lines, has the line hash
 * `hex`. Exactly: letting lines inserted below count too finds look-alikes far more often than edits.
 */
function snippetHashAgreesAt(lines: readonly string[], line: number, snippet: readonly string[], hex: string): boolean {
  return lineHashHex(withReplacement(lines, line, snippet.length, snippet), 0) === hex;
}

/** How alike the snippet's telling lines are to the lines from `line` on, on average (0..1). */
function likeness(snippet: readonly string[], current: TextIndex, line: number): number {
  let sum = 0;
  let telling = 0;
  snippet.forEach((text, k) => {
    const squashed = squash(text);
    if (isTrivial(squashed)) return;
    telling++;
    sum += similarity(squashed, current.squashedAt(line + k));
  });
  return telling === 0 ? 0 : sum / telling;
}

/**
 * How much the line hash, read with the snippet in place, says about the lines from `below` on: it
 * vouches for them when at least MIN_BELOW of its 100 characters reach a telling line there; it says
 * nothing when fewer than 10 do (a long snippet fills the hash on its own); partly otherwise.
 */
function hashCoverageBelow(current: TextIndex, below: number, target: Target): 'vouches' | 'partly' | 'none' {
  const left = 100 - target.needleLines.reduce((n, line) => n + line.length + 1, 0);
  if (left < 10) return 'none';
  if (left < MIN_BELOW) return 'partly';
  let reach = left;
  for (let line = below; line <= current.to && reach > 0; line++) {
    const text = current.squashedAt(line);
    if (!isTrivial(text) && Math.min(text.length, reach) >= 10) return 'vouches';
    reach -= text.length + 1;
  }
  return 'partly';
}

/**
 * The flagged line edited and moved, with nothing else to go by: the line within ALIKE_REACH lines of
 * the reported one most like the snippet, if it is very like it and clearly more like it than any
 * other line there (a file full of look-alikes gives no answer).
 */
export function mostAlikeNearby(target: Target, current: TextIndex): Anchor | undefined {
  if (target.snippet === undefined || target.weak) return undefined;
  const snippet = splitLines(target.snippet);
  let best = -1;
  let bestScore = 0;
  let second = 0;
  for (
    let line = Math.max(0, target.startLine - ALIKE_REACH);
    line <= Math.min(current.lines.length - 1, target.startLine + ALIKE_REACH);
    line++
  ) {
    if (isTrivial(current.squashedAt(line))) continue;
    const score = likeness(snippet, current, line);
    if (score > bestScore) [second, best, bestScore] = [bestScore, line, score];
    else if (score > second) second = score;
  }
  if (best < 0 || bestScore < ALIKE_ALONE || bestScore - second < ALIKE_MARGIN) return undefined;
  const range = rangeOfLines(current.lines, best, Math.min(current.lines.length - 1, best + snippet.length - 1), target, false);
  return { range, state: 'uncertain', confidence: 0.3, reason: reasons.edited(undefined) };
}
