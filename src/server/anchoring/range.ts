/** Turning a found place (lines, or a squashed occurrence) back into a character range on real text. */
import type { Target } from './target';
import type { Occurrence } from './textIndex';
import type { AnchorRange } from './types';
import { unsquashOffset } from './text';

/** The exact characters of an occurrence of the needle. */
export function rangeOfOccurrence(lines: readonly string[], occ: Occurrence): AnchorRange {
  return {
    startLine: occ.startLine,
    startCharacter: unsquashOffset(lines[occ.startLine] ?? '', occ.startOffset),
    endLine: occ.endLine,
    endCharacter: unsquashOffset(lines[occ.endLine] ?? '', occ.endOffset - 1) + 1,
  };
}

/**
 * Lines `start..end` as a range: the feed's own columns when those lines are unchanged
 * (`sameText`), otherwise the lines from their first to their last non-blank character.
 */
export function rangeOfLines(lines: readonly string[], start: number, end: number, target: Target, sameText: boolean): AnchorRange {
  const first = lines[start] ?? '';
  const last = lines[end] ?? '';
  const firstNonBlank = first.length - first.trimStart().length;
  const lastEnd = last.trimEnd().length;
  if (sameText) {
    return {
      startLine: start,
      startCharacter: Math.min(target.startCharacter ?? firstNonBlank, first.length),
      endLine: end,
      endCharacter: Math.min(target.endCharacter ?? lastEnd, last.length),
    };
  }
  return {
    startLine: start,
    startCharacter: firstNonBlank,
    endLine: end,
    endCharacter: Math.max(lastEnd, start === end ? firstNonBlank : 0),
  };
}

/** The reported place, clamped to the file: what a lost finding keeps for listing. */
export function reportedRange(lines: readonly string[], target: Target): AnchorRange {
  const last = Math.max(0, lines.length - 1);
  const start = Math.min(target.startLine, last);
  return rangeOfLines(lines, start, Math.min(Math.max(target.endLine, start), last), target, true);
}
