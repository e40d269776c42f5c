/**
 * Where closed files' findings are drawn when their file on disk differs from the feed's lines: the
 * anchor engine's placements, computed from the text on disk (see closedFiles.ts for which files
 * and when), kept per file with the finding each was computed for. A finding the feed changed since
 * (another object in the store) is not placed here any more: it is drawn at its feed lines until its
 * file is anchored again. Open files are the anchor book's (anchorBook.ts), never these.
 */
import type { Location } from '../../shared/feed';
import { hashHex, lineHashHex } from '../../shared/lineHash';
import { FileAnchors } from '../anchoring';
import { splitLines, squash } from '../anchoring/text';
import type { FindingCore } from '../findings/store';
import { keepFeedColumns, placementOfAnchor, type Placement } from './placement';

/** A placement and the finding (the store's object) it was computed for. */
export interface ClosedPlacement {
  finding: FindingCore;
  placement: Placement;
}

/**
 * The engine's placement of each finding in `text` (a closed file as it is on disk), with the file at
 * each finding's commit when known (`bases[i]` for `findings[i]`), the feed's columns kept where the
 * flagged text is unchanged: the same placements the file would get once opened.
 */
export function anchorClosedFile(
  findings: readonly FindingCore[],
  text: string,
  bases: readonly (string | undefined)[] = [],
): ClosedPlacement[] {
  const anchors = new FileAnchors(
    findings.map((f, i) => ({ id: f.id, location: f.location, base: bases[i], commit: f.commit })),
    text,
  );
  const doc = { getText: () => text, lineCount: splitLines(text).length };
  const out: ClosedPlacement[] = [];
  for (const finding of findings) {
    const anchor = anchors.get(finding.id);
    if (anchor) out.push({ finding, placement: keepFeedColumns(placementOfAnchor(anchor), finding.location, doc) });
  }
  return out;
}

/**
 * Whether the file's lines still hold the finding where the feed says (whitespace-blind, as the
 * engine compares): its snippet at its lines, else its line hash at its line. With neither, nothing
 * says otherwise, and the feed's lines stand.
 */
export function feedLinesHold(location: Location, lines: readonly string[]): boolean {
  const first = location.startLine - 1;
  if (location.snippet !== undefined) {
    const snippet = splitLines(location.snippet);
    return snippet.every((line, i) => lines[first + i] !== undefined && squash(lines[first + i]!) === squash(line));
  }
  if (location.lineHash !== undefined) return first < lines.length && lineHashHex(lines, first) === hashHex(location.lineHash);
  return true;
}

/** Whether two placements draw the same. */
export function samePlacement(a: Placement | undefined, b: Placement | undefined): boolean {
  if (!a || !b) return a === b;
  const [r, s] = [a.range, b.range];
  return (
    a.state === b.state &&
    a.reason === b.reason &&
    r.start.line === s.start.line &&
    r.start.character === s.start.character &&
    r.end.line === s.end.line &&
    r.end.character === s.end.character
  );
}

/** The closed files' placements, by file. */
export class ClosedAnchors {
  private readonly files = new Map<string, Map<string, ClosedPlacement>>();
  private readonly stamps = new Map<string, number>();
  private revision = 0;

  /** Sets the placements of `uri`; returns whether any finding is drawn differently than before. */
  set(uri: string, placements: readonly ClosedPlacement[]): boolean {
    const before = this.files.get(uri);
    const after = new Map(placements.map((p) => [p.finding.id, p]));
    const moved = before?.size !== after.size || placements.some((p) => !sameEntry(before.get(p.finding.id), p));
    if (!moved) return false;
    this.files.set(uri, after);
    this.stamps.set(uri, ++this.revision);
    return true;
  }

  /** The file's findings go back to their feed lines; returns whether it held any. */
  drop(uri: string): boolean {
    if (!this.files.delete(uri)) return false;
    this.stamps.set(uri, ++this.revision);
    return true;
  }

  /** Where `finding` is drawn in the closed file `uri`, when it was anchored here for this very finding. */
  placement(uri: string, finding: FindingCore | undefined): Placement | undefined {
    const entry = finding && this.files.get(uri)?.get(finding.id);
    return entry && entry.finding === finding ? entry.placement : undefined;
  }

  /** Moves on whenever the placements of `uri` change: what is drawn from them is stale when it differs. */
  stamp(uri: string): number {
    return this.stamps.get(uri) ?? 0;
  }

  /** Whether `uri` holds placements. */
  has(uri: string): boolean {
    return this.files.has(uri);
  }

  /** The files holding placements. */
  uris(): string[] {
    return [...this.files.keys()];
  }

  get size(): number {
    return this.files.size;
  }
}

function sameEntry(a: ClosedPlacement | undefined, b: ClosedPlacement): boolean {
  return a !== undefined && a.finding === b.finding && samePlacement(a.placement, b.placement);
}
