/**
 * Where a finding is drawn, as the views take it: a range, how sure we are, and why.
 *
 * Open files are placed by the anchor engine (see anchorBook.ts, which turns its anchors into
 * placements with {@link placementOfAnchor}). {@link placeFinding} is the feed's own lines, taken as
 * given: for closed files that match their findings' commits (closedFiles.ts anchors the others), for related locations
 * and flow steps, and for an open file while its anchors are being built. 1-based → 0-based, missing
 * columns mean the whole line, clamped to the open document; a start line beyond its end is 'lost'.
 */
import type { Range } from 'vscode-languageserver';
import type { Location } from '../../shared/feed';
import type { AnchorState } from '../../shared/protocol';
import type { Anchor } from '../anchoring';

/** The text a placement may look at: an open document, or nothing when the file is closed. */
export interface PlacementDocument {
  getText(): string;
  lineCount: number;
}

/** A range and how sure we are of it. */
export interface Placement {
  range: Range;
  state: AnchorState;
  /** 0 (no idea) to 1 (certain); absent for the feed's lines taken as given. */
  confidence?: number;
  /** The anchor engine's one sentence for the hover; absent for the feed's lines taken as given. */
  reason?: string;
}

/** An engine anchor as a placement (the same 0-based, end-exclusive range, in LSP shape). */
export function placementOfAnchor(anchor: Anchor): Placement {
  const r = anchor.range;
  return {
    range: { start: { line: r.startLine, character: r.startCharacter }, end: { line: r.endLine, character: r.endCharacter } },
    state: anchor.state,
    confidence: anchor.confidence,
    reason: anchor.reason,
  };
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
  const endCharacter = location.endColumn !== undefined && clampedEnd === endLine ? Math.min(location.endColumn - 1, endLength) : endLength;
  return { range: orderedRange(startLine, startCharacter, clampedEnd, endCharacter), state: 'exact' };
}

/**
 * The feed's own columns on an engine placement, when the flagged text is still there as the feed
 * gave it: the engine finds the snippet (the whole flagged lines) and draws those lines from their
 * first to their last character, which on an open file widened `1:18–1:25` to `1:0–1:25`. When the
 * placed lines are exactly the snippet's, the columns still point at the same characters; otherwise
 * (the code changed, the feed gave no snippet or no columns) the engine's range stands.
 */
export function keepFeedColumns(placement: Placement, location: Location, doc: PlacementDocument | undefined): Placement {
  if (!doc || location.snippet === undefined || (location.startColumn === undefined && location.endColumn === undefined)) return placement;
  if (placement.state !== 'exact' && placement.state !== 'moved') return placement;
  const { start, end } = placement.range;
  const span = (location.endLine ?? location.startLine) - location.startLine;
  if (end.line - start.line !== span) return placement;
  const lines = linesOf(doc.getText());
  const snippet = location.snippet.split(/\r\n|\r|\n/);
  if (snippet.length !== span + 1 || snippet.some((text, i) => lines[start.line + i] !== text)) return placement;
  const startCharacter = Math.min((location.startColumn ?? 1) - 1, snippet[0]!.length);
  const endCharacter = location.endColumn !== undefined ? Math.min(location.endColumn - 1, snippet[span]!.length) : snippet[span]!.length;
  if (startCharacter === start.character && endCharacter === end.character) return placement;
  return { ...placement, range: orderedRange(start.line, startCharacter, end.line, endCharacter) };
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
