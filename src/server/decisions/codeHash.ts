/**
 * The hash a decision is pinned to: the flagged lines' text when the decision was made. Lines are
 * compared whitespace-blind (each trimmed, runs of whitespace collapsed) so that re-indenting or
 * re-wrapping spaces does not ask a lead to look again, while any change of the code itself does.
 * Written `sha256:<hex>`, the form docs/feed-protocol.md shows for `codeHash`.
 */
import { createHash } from 'node:crypto';

/** A line as the hash sees it: trimmed, every run of whitespace made one space. */
export function normaliseCodeLine(line: string): string {
  return line.trim().replace(/\s+/g, ' ');
}

/** `sha256:<hex>` of the normalised lines, joined by `\n`. */
export function codeHash(lines: readonly string[]): string {
  const text = lines.map(normaliseCodeLine).join('\n');
  return `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
}

/** The 0-based lines a range covers; an end at column 0 of a later line does not take that line. */
export interface LineSpan {
  start: { line: number };
  end: { line: number; character: number };
}

/** The lines `first..last` (0-based, inclusive) a range covers. */
export function coveredLines(range: LineSpan): { first: number; last: number } {
  const first = range.start.line;
  const last = range.end.line > first && range.end.character === 0 ? range.end.line - 1 : range.end.line;
  return { first, last: Math.max(first, last) };
}

/**
 * The hash of the lines `range` covers in `text`, or undefined when the range starts past the end
 * of the text (the flagged code is gone: there is nothing to compare).
 */
export function flaggedCodeHash(text: string, range: LineSpan): string | undefined {
  const lines = text.split(/\r\n|\r|\n/);
  const { first, last } = coveredLines(range);
  if (first < 0 || first >= lines.length) return undefined;
  return codeHash(lines.slice(first, last + 1));
}
