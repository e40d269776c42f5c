/**
 * One finding, placed, as an LSP diagnostic. Pure: the caller resolves paths and places findings.
 */
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver';
import type { Finding, Location, Severity } from '../shared/feed';
import type { FindingCore } from './store';
import { DIAGNOSTIC_SOURCE } from '../shared/commands';
import type { ResolvedDisplay } from '../shared/settings';
import { isResolved } from './findingState';
import { validRange } from './lspRange';
import { MAX_RELATED, shown, TEXT_CAPS } from './shownText';
import { placeFinding, type Placement } from './placement';

/** What a diagnostic needs besides the finding and where it is drawn. */
export interface DiagnosticOptions {
  resolvedDisplay: ResolvedDisplay;
  /** The file URI of a related location's path, or null when the path is refused. */
  resolveUri: (path: string) => string | null;
}

/** What every diagnostic carries in `data`, so the client can find the finding again. */
export interface FindingDiagnosticData {
  findingId: string;
}

/**
 * Info is Information, not Hint: VS Code's Problems panel never lists hints, so an open Info
 * finding could be found nowhere but in its file. Only resolved findings are hints (below).
 */
const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  critical: DiagnosticSeverity.Error,
  high: DiagnosticSeverity.Error,
  medium: DiagnosticSeverity.Warning,
  low: DiagnosticSeverity.Information,
  info: DiagnosticSeverity.Information,
};

/**
 * The diagnostic for a finding, or undefined when it is not drawn (lost, or resolved and hidden).
 * A resolved finding whose code changed since the decision (`reReview`) is drawn again at its
 * severity, saying why, instead of staying silently faded.
 */
export function toDiagnostic(
  finding: FindingCore & FindingLinks,
  placement: Placement,
  opts: DiagnosticOptions,
  reReview = false,
): Diagnostic | undefined {
  if (placement.state === 'lost' || finding.status === 'withdrawn') return undefined;
  const resolved = isResolved(finding) && !reReview;
  if (resolved && opts.resolvedDisplay === 'hide') return undefined;
  const data: FindingDiagnosticData = { findingId: finding.id };
  const diagnostic: Diagnostic = {
    range: placement.range,
    severity: resolved ? DiagnosticSeverity.Hint : SEVERITIES[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    // A best guess keeps its severity but reads differently, in the Problems list too.
    message:
      (placement.state === 'uncertain' ? '≈ ' : '') + shown(finding.title, TEXT_CAPS.title) + (reReview ? reReviewSuffix(finding) : ''),
    code: shown(finding.ruleId, TEXT_CAPS.field),
    data,
  };
  if (finding.helpUri && isHttps(finding.helpUri)) diagnostic.codeDescription = { href: finding.helpUri };
  if (resolved) diagnostic.tags = [DiagnosticTag.Unnecessary];
  const related = relatedInformation(finding, opts.resolveUri);
  if (related.length > 0) diagnostic.relatedInformation = related;
  return diagnostic;
}

/** " (code changed since it was acknowledged: needs re-review)", or "…disputed…" for a dispute. */
export function reReviewSuffix(finding: FindingCore): string {
  const verb = finding.triage?.action === 'dispute' ? 'disputed' : 'acknowledged';
  return ` (code changed since it was ${verb}: needs re-review)`;
}

/** What a diagnostic's related information is made of (read from the store only for findings that have any). */
export type FindingLinks = Partial<Pick<Finding, 'flow' | 'relatedLocations'>>;

/**
 * Related locations first, then the flow steps numbered from 1; refused paths are skipped. At most
 * {@link MAX_RELATED} in all: past it, a last entry says how many more the details panel shows.
 */
export function relatedInformation(finding: FindingLinks, resolveUri: (path: string) => string | null): DiagnosticRelatedInformation[] {
  const related = finding.relatedLocations ?? [];
  const flow = finding.flow ?? [];
  const out: DiagnosticRelatedInformation[] = [];
  let looked = 0;
  for (; looked < related.length + flow.length && out.length < MAX_RELATED; looked++) {
    const step = looked < related.length ? undefined : looked - related.length;
    const { location, message } = step === undefined ? related[looked]! : flow[step]!;
    const text = message === undefined ? '' : shown(message, TEXT_CAPS.field);
    const info = relatedAt(
      location,
      step === undefined ? text || 'related location' : `flow step ${step + 1}: ${text}`.trimEnd(),
      resolveUri,
    );
    if (info) out.push(info);
  }
  const more = related.length + flow.length - looked;
  if (more > 0 && out.length > 0) {
    out.push({
      location: out[out.length - 1]!.location,
      message: `… and ${more} more related locations and flow steps: the details panel shows them all`,
    });
  }
  return out;
}

function relatedAt(
  location: Location,
  message: string,
  resolveUri: (path: string) => string | null,
): DiagnosticRelatedInformation | undefined {
  const uri = resolveUri(location.path);
  if (uri === null) return undefined;
  return { location: { uri, range: validRange(placeFinding(location, undefined).range) }, message };
}

function isHttps(raw: string): boolean {
  try {
    return new URL(raw).protocol === 'https:';
  } catch {
    return false;
  }
}
