/**
 * A SARIF region as the contract's lines, columns and snippet (SARIF §3.30; docs/feed-protocol.md,
 * Location). Lines are 1-based in both. Columns: the contract counts UTF-16 code units, as SARIF
 * does unless `run.columnKind` is `unicodeCodePoints`; those are converted with the line's text, or
 * dropped (the finding then marks its whole lines) when the log does not carry that text.
 *
 * The snippet must be the exact text of the lines, which a region's own snippet seldom is (it is
 * the region's text, often part of a line). It is taken from a region or context region that
 * covers whole lines and carries its text: the upload CLI adds such a context region from the file.
 */
import type { FixRegion } from '../../shared/feed';
import { FINDING_BOUNDS } from './limits';
import type { SarifRegion, SarifRun } from './schema';

export type ColumnKind = NonNullable<SarifRun['columnKind']>;

/** Where a location is, as the contract has it. */
export interface LineSpan extends FixRegion {
  snippet?: string;
}

/** The column in UTF-16 code units of a 1-based column counted in code points on `line`. */
export function utf16Column(line: string, codePointColumn: number): number {
  let units = 0;
  let points = 1;
  for (const character of line) {
    if (points === codePointColumn) return units + 1;
    units += character.length;
    points++;
  }
  return units + 1 + (codePointColumn - points);
}

/** Splits like LSP and the line hash do: \r\n, \r and \n all end a line. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

function coversWholeLines(region: SarifRegion): boolean {
  return region.startLine !== undefined && (region.startColumn ?? 1) === 1 && region.endColumn === undefined;
}

/** The text of lines `start..end`, from a whole-line region that covers them and carries its text. */
export function wholeLines(candidates: ReadonlyArray<SarifRegion | undefined>, start: number, end: number): string[] | undefined {
  for (const region of candidates) {
    const text = region?.snippet?.text;
    if (!region || text === undefined || !coversWholeLines(region)) continue;
    const first = region.startLine!;
    const last = region.endLine ?? first;
    if (first > start || last < end) continue;
    const lines = splitLines(text);
    if (lines.length === last - first + 2 && lines[lines.length - 1] === '') lines.pop();
    if (lines.length !== last - first + 1) continue;
    return lines.slice(start - first, end - first + 1);
  }
  return undefined;
}

function snippetOf(lines: string[] | undefined): string | undefined {
  if (!lines || lines.length > FINDING_BOUNDS.snippetLines) return undefined;
  const snippet = lines.join('\n');
  return snippet.length <= FINDING_BOUNDS.snippetChars ? snippet : undefined;
}

/** Why a region cannot be placed on lines without the file's text. */
function unplaceable(region: SarifRegion): string {
  if (region.charOffset !== undefined && region.charOffset >= 0) {
    return 'the region is given by character offsets only (charOffset), and line numbers need the file: upload with the CLI, which adds them';
  }
  if (region.byteOffset !== undefined && region.byteOffset >= 0) return 'the region is a binary region (byteOffset), not lines of text';
  return 'the region has no startLine';
}

/**
 * The lines and columns of a region, with the snippet when the log carries the lines' text.
 * No region is a result about the whole file: its first line. `columnsDropped` says that columns
 * counted in code points could not be converted (fine for a finding, not for a fix's edit).
 */
export function mapRegion(
  region: SarifRegion | undefined,
  context: SarifRegion | undefined,
  columnKind: ColumnKind | undefined,
): (LineSpan & { columnsDropped?: true }) | { reason: string } {
  if (!region) return { startLine: 1 };
  if (region.startLine === undefined) return { reason: unplaceable(region) };
  const startLine = region.startLine;
  const endLine = region.endLine ?? startLine;
  if (endLine < startLine) return { reason: `the region ends (line ${endLine}) before it starts (line ${startLine})` };
  const lines = wholeLines([context, region], startLine, endLine);
  let startColumn = region.startColumn ?? (region.endColumn !== undefined ? 1 : undefined);
  let endColumn = region.endColumn;
  let columnsDropped = false;
  if (columnKind === 'unicodeCodePoints' && (startColumn !== undefined || endColumn !== undefined)) {
    if (lines) {
      if (startColumn !== undefined) startColumn = utf16Column(lines[0]!, startColumn);
      if (endColumn !== undefined) endColumn = utf16Column(lines[lines.length - 1]!, endColumn);
    } else {
      startColumn = endColumn = undefined;
      columnsDropped = true;
    }
  }
  if (startColumn !== undefined && endColumn !== undefined && endLine === startLine && endColumn < startColumn) {
    return { reason: `the region ends (column ${endColumn}) before it starts (column ${startColumn})` };
  }
  const span: LineSpan & { columnsDropped?: true } = { startLine };
  if (startColumn !== undefined) span.startColumn = startColumn;
  if (region.endLine !== undefined) span.endLine = endLine;
  if (endColumn !== undefined) span.endColumn = endColumn;
  const snippet = snippetOf(lines);
  if (snippet !== undefined) span.snippet = snippet;
  if (columnsDropped) span.columnsDropped = true;
  return span;
}
