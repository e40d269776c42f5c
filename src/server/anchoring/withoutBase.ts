/**
 * Anchoring without the file at the finding's commit (a shallow clone, a commit the workspace lacks,
 * a feed that sends none): only the feed's snippet, its line hash and its line remain. The snippet
 * says what the code is; the line hash (the ~100 characters from the flagged line on) says whether
 * the lines below it are still the ones that were there; the line says where to look first.
 *
 * Confident only where nothing is ambiguous: the snippet at its reported line, or found once
 * elsewhere with the line hash agreeing (or no line hash to disagree). Repeated code, code found
 * inside a longer line, and edited code are best guesses (`uncertain`).
 */
import { editedAtPlace, editedBelowUnchanged, mostAlikeNearby } from './editedLine';
import { hashHex, hashOrdinal } from '../../shared/lineHash';
import { rangeOfLines, rangeOfOccurrence, reportedRange } from './range';
import { reasons } from './reason';
import { byLineHash, candidates, fuzzy, hashAgreesAt, lost } from './search';
import type { Target } from './target';
import { isTrivial, splitLines, squash } from './text';
import type { Occurrence, TextIndex } from './textIndex';
import type { Anchor } from './types';

export function anchorWithoutBase(target: Target, current: TextIndex): Anchor {
  const s = target.startLine;
  if (target.needle === '') {
    if (target.lineHash) return byLineHash(target, current);
    if (s >= current.lines.length) return lost(target, current, reasons.beyondEnd());
    return { range: reportedRange(current.lines, target), state: 'uncertain', confidence: 0.3, reason: reasons.noEvidence() };
  }
  const found = candidates(target, current);
  const whole = target.startCharacter !== undefined ? found : found.filter((o) => o.aligned);
  if (whole.length === 1) return chooseOnly(whole[0]!, target, current);
  if (whole.length > 1) return chooseCopy(whole, target, current);
  return (
    partlyFound(target, current) ??
    editedBelowUnchanged(target, current) ??
    foundInsideLongerLines(found, target, current) ??
    fuzzy(target, current, { from: s - 3, to: s + 3, expected: s }, target.needleLines[0] ?? '') ??
    mostAlikeNearby(target, current) ??
    lost(target, current, reasons.gone(undefined))
  );
}

/**
 * The snippet occurs once: at its reported line it is there; elsewhere it moved there, unless the
 * line hash says the lines below it are not the ones that were below it, or that lines alike for
 * its 100 characters repeated at the commit (`:n` above 1: this may be another of them). Then a
 * line at the reported place that is the flagged line edited is the better guess; failing that, this one.
 */
function chooseOnly(o: Occurrence, target: Target, current: TextIndex): Anchor {
  const s = target.startLine;
  const range = rangeOfOccurrence(current.lines, o);
  const repeatedAtCommit = target.lineHash !== undefined && hashOrdinal(target.lineHash) > 1;
  if (o.startLine === s && !repeatedAtCommit) return { range, state: 'exact', confidence: 0.9, reason: reasons.snippetInPlace() };
  if (target.weak) return { range, state: 'uncertain', confidence: 0.4, reason: reasons.weak() };
  const hex = target.lineHash && hashHex(target.lineHash);
  const agrees = hex !== undefined && hashAgreesAt(current.lines, o.startLine, hex);
  if (agrees && !repeatedAtCommit) return { range, state: 'moved', confidence: 0.85, reason: reasons.snippetFound(s, o.startLine) };
  const edited = editedAtPlace(target, current, [o], hex);
  if (edited) return edited;
  if (!hex) return { range, state: 'moved', confidence: 0.75, reason: reasons.snippetFound(s, o.startLine) };
  const reason = repeatedAtCommit ? reasons.repeatedAtCommit(hashOrdinal(target.lineHash!)) : reasons.foundContextChanged(s, o.startLine);
  return { range, state: 'uncertain', confidence: repeatedAtCommit ? 0.4 : 0.5, reason };
}

/**
 * The snippet occurs several times: its text cannot say which copy is meant. The line hash can,
 * counting as GitHub does (the n-th line of the file with that hash); failing that, the copy nearest
 * the reported line. Confident only when that is the reported line and no other copy has its line hash.
 */
function chooseCopy(found: Occurrence[], target: Target, current: TextIndex): Anchor {
  const s = target.startLine;
  const { best, byHash } = pickCopy(found, target, current);
  const hex = target.lineHash && hashHex(target.lineHash);
  // No copy carries the hash where it should: the flagged line may be edited, next to its copies.
  const edited = hex && !byHash ? editedAtPlace(target, current, found, hex) : undefined;
  if (edited) return edited;
  const range = rangeOfOccurrence(current.lines, best);
  // Exact only where nothing else carries its line hash: a copy alike for 100 characters may have slid onto the line.
  const alone = byHash && hashOrdinal(target.lineHash!) === 1 && !found.some((o) => o !== best && current.hexAt(o.startLine) === hex);
  if (best.startLine === s && alone) return { range, state: 'exact', confidence: 0.9, reason: reasons.snippetInPlace() };
  if (best.startLine === s) return { range, state: 'uncertain', confidence: 0.5, reason: reasons.severalAtPlace(found.length) };
  return { range, state: 'uncertain', confidence: 0.4, reason: byHash ? reasons.hashOrdinal(found.length) : reasons.several(found.length) };
}

function pickCopy(found: Occurrence[], target: Target, current: TextIndex): { best: Occurrence; byHash: boolean } {
  const nearest = (pool: Occurrence[]) => nearestTo(pool, target.startLine);
  if (!target.lineHash) return { best: nearest(found), byHash: false };
  const hex = hashHex(target.lineHash);
  const n = hashOrdinal(target.lineHash);
  const hashed = found.filter((o) => current.hexAt(o.startLine) === hex); // in file order
  if (n > 1 && hashed.length >= n) return { best: hashed[n - 1]!, byHash: true };
  if (n === 1 && hashed.length > 0) return { best: nearest(hashed), byHash: true };
  // Fewer copies carry the hash than came before the flagged one: those are other copies.
  const others = found.filter((o) => !hashed.includes(o));
  return { best: nearest(others.length > 0 ? others : found), byHash: false };
}

/**
 * A snippet of three or more lines, some of them edited: the place where most of its telling lines
 * still stand in order (more than half of them), nearest the reported line on a tie.
 */
function partlyFound(target: Target, current: TextIndex): Anchor | undefined {
  if (target.snippet === undefined) return undefined;
  const lines = splitLines(target.snippet).map(squash);
  if (lines.length < 3) return undefined;
  const votes = new Map<number, number>();
  let telling = 0;
  lines.forEach((line, k) => {
    if (isTrivial(line)) return;
    telling++;
    for (const o of current.occurrences(line)) {
      if (o.aligned && o.startLine === o.endLine) votes.set(o.startLine - k, (votes.get(o.startLine - k) ?? 0) + 1);
    }
  });
  let best = -1;
  let bestVotes = 0;
  for (const [start, n] of votes) {
    const closer = Math.abs(start - target.startLine) < Math.abs(best - target.startLine);
    if (start >= 0 && (n > bestVotes || (n === bestVotes && closer))) [best, bestVotes] = [start, n];
  }
  if (best < 0 || bestVotes * 2 <= telling) return undefined;
  const range = rangeOfLines(current.lines, best, Math.min(current.lines.length - 1, best + lines.length - 1), target, false);
  return { range, state: 'uncertain', confidence: 0.4, reason: reasons.partlyEdited(undefined) };
}

/** The snippet only inside longer lines: the line was edited around it. The one nearest the reported line. */
function foundInsideLongerLines(found: Occurrence[], target: Target, current: TextIndex): Anchor | undefined {
  if (found.length === 0) return undefined;
  const range = rangeOfOccurrence(current.lines, nearestTo(found, target.startLine));
  return { range, state: 'uncertain', confidence: 0.45, reason: reasons.insideLongerLine(undefined) };
}

/** The occurrence starting nearest `line`; the earlier one on a tie. */
function nearestTo(found: readonly Occurrence[], line: number): Occurrence {
  return [...found].sort((a, b) => Math.abs(a.startLine - line) - Math.abs(b.startLine - line) || a.startLine - b.startLine)[0]!;
}
