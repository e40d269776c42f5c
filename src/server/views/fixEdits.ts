/**
 * A suggested fix's replacements in one file, placed in the text the user has now, or why they
 * cannot be. The fix's regions number the lines of the finding's commit; the user's file may have
 * moved on since. A region is shifted by as many lines as the finding itself moved (the anchor
 * engine's place for it against the feed's line), and it is used only when every line it touches
 * still reads exactly as it did at that commit: an edit is never made on text it was not written
 * for. Lines the server cannot know as they were (no file at that commit, no snippet covering
 * them) are not guessed at either.
 *
 * Columns count UTF-16 code units, as LSP positions do: no conversion, but a region that would cut
 * a surrogate pair in two does not fit the text.
 */
import type { Range, TextEdit } from 'vscode-languageserver';
import type { FileChange, FixRegion, Location } from '../../shared/feed';

/** A line (1-based) of the file as the finding's commit had it; undefined when it is not known. */
export type OriginalLines = (line: number) => string | undefined;

/** Why a file's replacements cannot be placed. */
export type Misplaced =
  /** A line the fix touches reads differently now. */
  | 'changed'
  /** A line the fix touches is not known as it was at the commit. */
  | 'unknown'
  /** The region does not fit its own lines (a column past the line's end, half a surrogate pair). */
  | 'misfit'
  /** Two replacements touch the same text. */
  | 'overlap';

export type FileFixEdits = { ok: true; edits: TextEdit[] } | { ok: false; why: Misplaced };

/** Every line of the file at the commit (`git show commit:path`). */
export function originalFromText(text: string): OriginalLines {
  const lines = splitLines(text);
  return (line) => lines[line - 1];
}

/** The lines the finding's snippet holds (`startLine..endLine` at the commit); the others unknown. */
export function originalFromSnippet(location: Location): OriginalLines {
  if (location.snippet === undefined) return () => undefined;
  const lines = splitLines(location.snippet);
  const last = location.endLine ?? location.startLine;
  if (lines.length !== last - location.startLine + 1) return () => undefined;
  return (line) => (line >= location.startLine && line <= last ? lines[line - location.startLine] : undefined);
}

/** The first source that knows a line. */
export function eitherOriginal(first: OriginalLines, second: OriginalLines): OriginalLines {
  return (line) => first(line) ?? second(line);
}

/**
 * The replacements of one file as edits of `current`, each region moved down by `lineShift` lines,
 * when every line each touches reads as `original` says; else why not.
 */
export function fileFixEdits(change: FileChange, original: OriginalLines, current: string, lineShift: number): FileFixEdits {
  const lines = splitLines(current);
  const edits: TextEdit[] = [];
  for (const replacement of change.replacements) {
    const placed = placeRegion(replacement.deletedRegion, original, lines, lineShift);
    if (!('start' in placed)) return { ok: false, why: placed.why };
    edits.push({ range: placed, newText: replacement.insertedText });
  }
  return overlaps(edits) ? { ok: false, why: 'overlap' } : { ok: true, edits };
}

/** The lines (1-based, at the commit) a region reads: an end at column 1 of a later line ends with the line before. */
export function touchedLines(region: FixRegion): { first: number; last: number } {
  const endLine = region.endLine ?? region.startLine;
  const last = region.endColumn === 1 && endLine > region.startLine ? endLine - 1 : endLine;
  return { first: region.startLine, last };
}

function placeRegion(region: FixRegion, original: OriginalLines, current: readonly string[], shift: number): Range | { why: Misplaced } {
  const { first, last } = touchedLines(region);
  for (let line = first; line <= last; line++) {
    const was = original(line);
    if (was === undefined) return { why: 'unknown' };
    if (current[line - 1 + shift] !== was) return { why: 'changed' };
  }
  const endLine = region.endLine ?? region.startLine;
  const startText = current[region.startLine - 1 + shift]!;
  const endText = current[endLine - 1 + shift];
  if (endText === undefined) return { why: 'changed' }; // ends at column 1 of a line the file no longer has
  const start = (region.startColumn ?? 1) - 1;
  const end = region.endColumn !== undefined ? region.endColumn - 1 : endText.length;
  if (!fitsLine(startText, start) || !fitsLine(endText, end)) return { why: 'misfit' };
  if (endLine === region.startLine && end < start) return { why: 'misfit' };
  return {
    start: { line: region.startLine - 1 + shift, character: start },
    end: { line: endLine - 1 + shift, character: end },
  };
}

/** A column inside the line (or at its end) that does not fall between the halves of a surrogate pair. */
function fitsLine(text: string, column: number): boolean {
  if (column > text.length) return false;
  if (column === 0 || column === text.length) return true;
  const before = text.charCodeAt(column - 1);
  const at = text.charCodeAt(column);
  return !(before >= 0xd800 && before <= 0xdbff && at >= 0xdc00 && at <= 0xdfff);
}

function overlaps(edits: readonly TextEdit[]): boolean {
  const sorted = [...edits].sort((a, b) => compare(a.range.start, b.range.start));
  return sorted.some((edit, i) => i > 0 && compare(sorted[i - 1]!.range.end, edit.range.start) > 0);
}

function compare(a: Range['start'], b: Range['start']): number {
  return a.line - b.line || a.character - b.character;
}

/** Lines as LSP numbers them: \r\n, \r and \n all end one. */
function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}
