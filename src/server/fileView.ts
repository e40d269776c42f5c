/**
 * What one file shows: its diagnostics, code lenses and hovers, computed from the store's findings
 * for that file only (the work is proportional to the file's findings, not to the whole feed).
 */
import type { CodeLens, Diagnostic, Hover, Position, Range } from 'vscode-languageserver';
import type { Finding } from '../shared/feed';
import type { FindingListItem } from '../shared/protocol';
import type { ResolvedDisplay } from '../shared/settings';
import { buildCodeLenses } from './codeLens';
import { toDiagnostic } from './diagnostics';
import { isResolved } from './findingState';
import { hoverContent, type HoverHit } from './hover';
import { placeFinding, type Placement, type PlacementDocument } from './placement';
import type { FindingStore, StoredFinding } from './store';

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
  reReview?: (uri: string, finding: Finding, placement: Placement) => boolean;
}

/** The diagnostics of one file. */
export function fileDiagnostics(ctx: ViewContext, uri: string): Diagnostic[] {
  const doc = ctx.document(uri);
  const out: Diagnostic[] = [];
  for (const { finding } of sortedFindings(ctx.store.inFile(uri))) {
    const placement = place(ctx, uri, finding, doc);
    const diagnostic = toDiagnostic(finding, placement, ctx, reReviewOf(ctx, uri, finding, placement));
    if (diagnostic) out.push(diagnostic);
  }
  return out;
}

/** The code lenses of one file; hidden resolved findings get none. */
export function fileCodeLenses(ctx: ViewContext, uri: string): CodeLens[] {
  const doc = ctx.document(uri);
  const out: CodeLens[] = [];
  for (const { finding } of sortedFindings(ctx.store.inFile(uri))) {
    const placement = place(ctx, uri, finding, doc);
    const reReview = reReviewOf(ctx, uri, finding, placement);
    if (isHidden(finding, ctx.resolvedDisplay, reReview)) continue;
    if (placement.state !== 'lost') out.push(...buildCodeLenses(finding, placement, reReview));
  }
  return out;
}

/** The hover at `position`: every drawn finding whose range holds it. */
export function hoverAt(ctx: ViewContext, uri: string, position: Position): Hover | null {
  const doc = ctx.document(uri);
  const hits: HoverHit[] = [];
  let range: Range | undefined;
  for (const { finding } of sortedFindings(ctx.store.inFile(uri))) {
    const placement = place(ctx, uri, finding, doc);
    if (placement.state === 'lost' || !contains(placement.range, position)) continue;
    const reReview = reReviewOf(ctx, uri, finding, placement);
    if (isHidden(finding, ctx.resolvedDisplay, reReview)) continue;
    hits.push({ finding, placement, reReview });
    range ??= placement.range;
  }
  return hits.length === 0 ? null : { contents: hoverContent(hits), range };
}

/** One row per known finding (resolved, hidden and refused ones included) for the tree and the panel. */
export function listItem(stored: StoredFinding, doc: PlacementDocument | undefined, anchored?: Placement, reReview = false): FindingListItem {
  const { finding, resolution } = stored;
  const placement = resolution.ok ? (anchored ?? placeFinding(finding.location, doc)) : undefined;
  const item: FindingListItem = {
    id: finding.id,
    title: finding.title,
    ruleId: finding.ruleId,
    severity: finding.severity,
    status: finding.status,
    path: finding.location.path,
    uri: resolution.ok ? resolution.uri : null,
    line: placement && placement.state !== 'lost' ? placement.range.start.line : finding.location.startLine - 1,
    anchor: placement?.state ?? 'lost',
    needsReReview: reReview,
  };
  const triage = finding.triage;
  if (triage) {
    item.triage = { action: triage.action, reason: triage.reason, actor: triage.actor.name, at: triage.at, review: triage.review?.decision ?? null };
  }
  return item;
}

/** The engine's placement in an open file, else the feed's lines (clamped to the document when open). */
export function place(ctx: ViewContext, uri: string, finding: Finding, doc: PlacementDocument | undefined): Placement {
  return ctx.anchored?.(uri, finding.id) ?? placeFinding(finding.location, doc);
}

function isHidden(finding: Finding, display: ResolvedDisplay, reReview: boolean): boolean {
  return display === 'hide' && isResolved(finding) && !reReview;
}

function reReviewOf(ctx: ViewContext, uri: string, finding: Finding, placement: Placement): boolean {
  return finding.triage?.codeHash !== undefined && (ctx.reReview?.(uri, finding, placement) ?? false);
}

/** Stable order: by line, then id, so that re-publishing the same findings sends the same list. */
function sortedFindings(stored: StoredFinding[]): StoredFinding[] {
  return stored.sort(
    (a, b) => a.finding.location.startLine - b.finding.location.startLine || (a.finding.id < b.finding.id ? -1 : a.finding.id > b.finding.id ? 1 : 0),
  );
}

function contains(range: Range, position: Position): boolean {
  const afterStart = position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character);
  const beforeEnd = position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return afterStart && beforeEnd;
}
