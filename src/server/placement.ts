/**
 * Where a finding is drawn. This is the ONE place that decides it: the anchoring engine (issue
 * "findings stay on the right line") will replace this body and keep the signature.
 *
 * For now it trusts the feed's lines: 1-based → 0-based, missing columns mean the whole line,
 * everything clamped to the open document; a start line beyond an open document's end is 'lost'.
 */
import type { Range } from 'vscode-languageserver';
import type { Location } from '../shared/feed';
import type { AnchorState } from '../shared/protocol';

/** The text a placement may look at: an open document, or nothing when the file is closed. */
export interface PlacementDocument {
  getText(): string;
  lineCount: number;
}

/** A range and how sure we are of it. */
export interface Placement {
  range: Range;
  state: AnchorState;
}

/** The end column used for a whole line when the file is not open (LSP's largest uinteger). */
export const WHOLE_LINE_END = 2147483647;

/** Places one location in a document (or in a closed file when `doc` is undefined). */
export function placeFinding(location: Location, doc: PlacementDocument | undefined): Placement {
  const startLine = location.startLine - 1;
  const endLine = Math.max(startLine, (location.endLine ?? location.startLine) - 1);
  if (!doc) {
    const startCharacter = location.startColumn !== undefined ? location.startColumn - 1 : 0;
    const endCharacter = location.endColumn !== undefined ? location.endColumn - 1 : WHOLE_LINE_END;
    return { range: orderedRange(startLine, startCharacter, endLine, endCharacter), state: 'exact' };
  }
  const lines = linesOf(doc.getText());
  const lastLine = Math.max(0, Math.min(doc.lineCount, lines.length) - 1);
  if (startLine > lastLine) return { range: orderedRange(lastLine, 0, lastLine, 0), state: 'lost' };
  const clampedEnd = Math.min(endLine, lastLine);
  const startLength = lines[startLine]?.length ?? 0;
  const endLength = lines[clampedEnd]?.length ?? 0;
  const startCharacter = Math.min(location.startColumn !== undefined ? location.startColumn - 1 : 0, startLength);
  const endCharacter =
    location.endColumn !== undefined && clampedEnd === endLine ? Math.min(location.endColumn - 1, endLength) : endLength;
  return { range: orderedRange(startLine, startCharacter, clampedEnd, endCharacter), state: 'exact' };
}

function orderedRange(startLine: number, startCharacter: number, endLine: number, endCharacter: number): Range {
  const end = endLine === startLine ? Math.max(startCharacter, endCharacter) : endCharacter;
  return { start: { line: startLine, character: startCharacter }, end: { line: endLine, character: end } };
}

// Placing many findings in one document splits its text once, not once per finding.
let lastText: string | undefined;
let lastLines: string[] = [];
function linesOf(text: string): string[] {
  if (text !== lastText) {
    lastText = text;
    lastLines = text.split(/\r\n|\r|\n/);
  }
  return lastLines;
}
