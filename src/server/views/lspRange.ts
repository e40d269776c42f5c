/**
 * The last guard before a range leaves the server: LSP positions are uintegers (0 to 2^31 − 1) and
 * a range's start is never after its end. Feed numbers past that are set aside when validated
 * (src/shared/feed.ts); this keeps every published range valid whatever produced it (an anchor, a
 * cached finding, a related location), so that no editor is handed a range it may choke on.
 */
import type { Position, Range } from 'vscode-languageserver';

/** LSP's largest uinteger. */
export const MAX_UINTEGER = 2 ** 31 - 1;

/** The same range when valid (no allocation: this runs for every drawn finding), else a valid one: numbers clamped, an inverted range collapsed onto its start. */
export function validRange(range: Range): Range {
  if (isValidPosition(range.start) && isValidPosition(range.end) && !isAfter(range.start, range.end)) return range;
  const start = validPosition(range.start);
  const end = validPosition(range.end);
  return isAfter(start, end) ? { start, end: { ...start } } : { start, end };
}

/** A line as LSP takes it (0 to 2^31 − 1, a whole number). */
export function validLine(line: number): number {
  return clamp(line);
}

function validPosition(p: Position): Position {
  return { line: clamp(p.line), character: clamp(p.character) };
}

function isValidPosition(p: Position): boolean {
  return (
    Number.isInteger(p.line) &&
    Number.isInteger(p.character) &&
    p.line >= 0 &&
    p.character >= 0 &&
    p.line <= MAX_UINTEGER &&
    p.character <= MAX_UINTEGER
  );
}

function isAfter(a: Position, b: Position): boolean {
  return a.line > b.line || (a.line === b.line && a.character > b.character);
}

function clamp(n: number): number {
  if (!Number.isFinite(n)) return n > 0 ? MAX_UINTEGER : 0;
  return Math.min(MAX_UINTEGER, Math.max(0, Math.trunc(n)));
}
