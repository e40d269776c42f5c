/**
 * What one file shows: its diagnostics, code lenses and hovers, computed from the store's findings
 * for that file only (the work is proportional to the file's findings, not to the whole feed).
 */
import type { CodeLens, Diagnostic, Hover, Position, Range } from 'vscode-languageserver';
import type { FindingListItem } from '../../shared/protocol';
import type { ResolvedDisplay } from '../../shared/settings';
import { buildCodeLenses } from './codeLens';
import { toDiagnostic } from './diagnostics';
import { isResolved } from '../findings/findingState';
import { hoverContent, type HoverHit } from './hover';
import { showHidden } from '../../shared/visibleText';
import { validLine, validRange } from './lspRange';
import { shown, TEXT_CAPS } from './shownText';
import { keepFeedColumns, placeFinding, type Placement, type PlacementDocument } from './placement';
import type { FindingCore, FindingStore, StoredFinding } from '../findings/store';

/** What the views need besides the store. */
export interface ViewContext {
  store: FindingStore;
  resolvedDisplay: ResolvedDisplay;
  /** The open document at `uri`, if it is open. */
  document: (uri: string) => PlacementDocument | undefined;
  /** Resolves a related location's path, or null when refused. */
  resolveUri: (path: string) => string | null;
  /** Where the anchor engine placed a finding of the open file `uri` (see anchorBook.ts); else the feed's lines are used. */
  anchored?: (uri: string, findingId: string) => Placement | undefined;
  /** Whether the code a decision on the finding judged has changed since (see findingState.needsReReview). */
  reReview?: (uri: string, finding: FindingCore, placement: Placement) => boolean;
}

/** One finding of a file as the views draw it: where, and how it reads. */
export interface DrawnFinding {
  /** The store's entry, for the finding's texts (read only when a view needs them). */
  stored: StoredFinding;
  finding: FindingCore;
  placement: Placement;
  /** The code changed since the decision on it (see findingState.needsReReview). */
  reReview: boolean;
  /** Resolved and hidden by the setting: no lens, no hover, no diagnostic. */
  hidden: boolean;
}

/** The findings of one file, placed, by line then id (the order every view sends). */
export function drawFile(ctx: ViewContext, uri: string): DrawnFinding[] {
  const doc = ctx.document(uri);
  return sortedFindings(ctx.store.inFile(uri)).map((stored) => {
    const { finding } = stored;
    const placement = place(ctx, uri, finding, doc);
    const reReview = reReviewOf(ctx, uri, finding, placement);
    return { stored, finding, placement, reReview, hidden: isHidden(finding, ctx.resolvedDisplay, reReview) };
  });
}

/** The diagnostics of one file. */
export function fileDiagnostics(ctx: ViewContext, uri: string): Diagnostic[] {
  return diagnosticsOf(drawFile(ctx, uri), ctx);
}

/** The diagnostics of drawn findings (`diagnosticOf` lets a caller reuse earlier ones). */
export function diagnosticsOf(drawn: readonly DrawnFinding[], ctx: ViewContext, diagnosticOf = freshDiagnostic): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of drawn) {
    const diagnostic = diagnosticOf(d, ctx);
    if (diagnostic) out.push(diagnostic);
  }
  return out;
}

/** One drawn finding's diagnostic, built from scratch. */
export function freshDiagnostic(d: DrawnFinding, ctx: ViewContext): Diagnostic | undefined {
  // Only findings with a flow or related locations read them from the store (a third, say, of a file's).
  const finding = d.stored.links ? { ...d.finding, ...ctx.store.links(d.stored) } : d.finding;
  return toDiagnostic(finding, d.placement, ctx, d.reReview);
}

/**
 * A closed file's diagnostic: without related information (flow steps, related locations). Those
 * are for following a finding through the code, in a file the user has open; without them, the
 * Problems list of 20,000 closed files is lighter for the extension host to hold, and a re-publish
 * reads nothing back from the scratch file. Opening the file publishes them with it.
 */
export function closedFileDiagnostic(d: DrawnFinding, ctx: ViewContext): Diagnostic | undefined {
  return toDiagnostic(d.finding, d.placement, ctx, d.reReview);
}

/** The code lenses of one file; hidden resolved findings get none. */
export function fileCodeLenses(ctx: ViewContext, uri: string): CodeLens[] {
  return codeLensesOf(drawFile(ctx, uri));
}

/** The code lenses of drawn findings. */
export function codeLensesOf(drawn: readonly DrawnFinding[]): CodeLens[] {
  const out: CodeLens[] = [];
  for (const d of drawn) {
    if (d.hidden || d.placement.state === 'lost') continue;
    out.push(...buildCodeLenses(d.finding, d.placement, d.reReview));
  }
  return out;
}

/** The hover at `position`: every drawn finding whose range holds it. */
export function hoverAt(ctx: ViewContext, uri: string, position: Position): Hover | null {
  return hoverOf(drawFile(ctx, uri), position, ctx.store);
}

/** The hover at `position` among `candidates` (all of a file's drawn findings, or those on its line). */
export function hoverOf(candidates: readonly DrawnFinding[], position: Position, store: Pick<FindingStore, 'message'>): Hover | null {
  const hits: HoverHit[] = [];
  let range: Range | undefined;
  for (const { stored, finding, placement, reReview, hidden } of candidates) {
    if (hidden || placement.state === 'lost' || !contains(placement.range, position)) continue;
    hits.push({ finding: { ...finding, message: store.message(stored) }, placement, reReview });
    range ??= placement.range;
  }
  return hits.length === 0 ? null : { contents: hoverContent(hits), range };
}

/** One row per known finding (resolved, hidden and refused ones included) for the tree and the panel. */
export function listItem(
  stored: StoredFinding,
  doc: PlacementDocument | undefined,
  anchored?: Placement,
  reReview = false,
): FindingListItem {
  const { finding, resolution } = stored;
  const placement = resolution.ok ? (anchored ?? placeFinding(finding.location, doc)) : undefined;
  const line = placement && placement.state !== 'lost' ? placement.range.start.line : finding.location.startLine - 1;
  const item: FindingListItem = {
    id: finding.id,
    title: shown(finding.title, TEXT_CAPS.title),
    ruleId: shown(finding.ruleId, TEXT_CAPS.field),
    severity: finding.severity,
    status: finding.status,
    path: showHidden(finding.location.path),
    uri: resolution.ok ? resolution.uri : null,
    line: validLine(line),
    anchor: placement?.state ?? 'lost',
    needsReReview: reReview,
  };
  const triage = finding.triage;
  if (triage) {
    item.triage = {
      action: triage.action,
      reason: shown(triage.reason, TEXT_CAPS.field),
      actor: shown(triage.actor.name, TEXT_CAPS.field),
      at: triage.at,
      review: triage.review?.decision ?? null,
    };
  }
  return item;
}

/**
 * The engine's placement in an open file (with the feed's columns while its snippet still matches),
 * else the feed's lines (clamped to the document when open); always a valid LSP range, since every
 * view draws from here.
 */
export function place(ctx: ViewContext, uri: string, finding: FindingCore, doc: PlacementDocument | undefined): Placement {
  const anchored = ctx.anchored?.(uri, finding.id);
  const placement = anchored ? keepFeedColumns(anchored, finding.location, doc) : placeFinding(finding.location, doc);
  const range = validRange(placement.range);
  return range === placement.range ? placement : { ...placement, range };
}

function isHidden(finding: FindingCore, display: ResolvedDisplay, reReview: boolean): boolean {
  return display === 'hide' && isResolved(finding) && !reReview;
}

function reReviewOf(ctx: ViewContext, uri: string, finding: FindingCore, placement: Placement): boolean {
  return finding.triage?.codeHash !== undefined && (ctx.reReview?.(uri, finding, placement) ?? false);
}

/** Stable order: by line, then id, so that re-publishing the same findings sends the same list. */
function sortedFindings(stored: StoredFinding[]): StoredFinding[] {
  return stored.sort(
    (a, b) =>
      a.finding.location.startLine - b.finding.location.startLine ||
      (a.finding.id < b.finding.id ? -1 : a.finding.id > b.finding.id ? 1 : 0),
  );
}

function contains(range: Range, position: Position): boolean {
  const afterStart =
    position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character);
  const beforeEnd = position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return afterStart && beforeEnd;
}
