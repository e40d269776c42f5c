/**
 * Repeated code with the file at the finding's commit: which copy is the flagged one is decided by
 * the lines around it, never by its text. A copy is drawn confidently only when its neighbours are
 * the flagged code's neighbours at the commit and no other copy's are.
 */
import type { PreparedBase } from './anchor';
import { agreementAt, neighboursAgree, type Agreement } from './neighbours';
import { rangeOfOccurrence } from './range';
import { reasons } from './reason';
import type { Target } from './target';
import type { Occurrence, TextIndex } from './textIndex';
import type { Anchor } from './types';

interface Place {
  occurrence: Occurrence;
  agreement: Agreement;
}

/**
 * The copy among `found` whose neighbours all agree with the flagged code's; failing that,
 * `preferred` (the diff's answer: it aligns the whole file, not 7 lines); then the copy whose
 * neighbours agree most, and the one nearest `expected`.
 */
export function bestCopy(
  found: readonly Occurrence[],
  target: Target,
  current: TextIndex,
  base: PreparedBase,
  expected: number,
  preferred?: number,
): { best: Place; others: Place[] } {
  const places = found.map((occurrence) => ({
    occurrence,
    agreement: agreementAt(target, base.index, current, occurrence.startLine, occurrence.endLine),
  }));
  places.sort(
    (a, b) =>
      Number(neighboursAgree(b.agreement)) - Number(neighboursAgree(a.agreement)) ||
      Number(b.occurrence.startLine === preferred) - Number(a.occurrence.startLine === preferred) ||
      b.agreement.score - a.agreement.score ||
      Math.abs(a.occurrence.startLine - expected) - Math.abs(b.occurrence.startLine - expected) ||
      a.occurrence.startLine - b.occurrence.startLine,
  );
  return { best: places[0]!, others: places.slice(1) };
}

/**
 * The diff mapped repeated code to a place whose neighbours disagree: the copy whose neighbours
 * agree instead, confidently if it is the only one; otherwise the best guess, uncertain.
 */
export function chooseAmongCopies(
  target: Target,
  current: TextIndex,
  base: PreparedBase,
  diffPlace: number,
  commit?: string,
): Anchor | undefined {
  const found = current.occurrences(target.needle).filter((o) => o.aligned);
  if (found.length === 0) return undefined;
  const { best, others } = bestCopy(found, target, current, base, diffPlace, diffPlace);
  const range = rangeOfOccurrence(current.lines, best.occurrence);
  const line = best.occurrence.startLine;
  if (neighboursAgree(best.agreement) && !others.some((o) => neighboursAgree(o.agreement))) {
    if (line === target.startLine) return { range, state: 'exact', confidence: 0.9, reason: reasons.unchanged(commit) };
    return { range, state: 'moved', confidence: 0.85, reason: reasons.movedSince(target.startLine, line, commit) };
  }
  return { range, state: 'uncertain', confidence: 0.4, reason: reasons.several(found.length) };
}
