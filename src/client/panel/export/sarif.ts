/**
 * Decisions as a SARIF 2.1.0 log: one result per decision. Paths are relative to `%SRCROOT%`, which
 * the run defines. A decision that asks for the finding to be suppressed (a dispute, an accepted
 * risk, a mitigation) becomes an external suppression whose status follows the review; "will fix"
 * becomes none, since nothing was suppressed (mapping.ts).
 */
import type { Severity } from '../../../shared/feed';
import type { ExportDecision } from './decisions';
import { asksSuppression, reviewText, sarifSuppressionStatus } from './mapping';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** The run's tool version, and where `%SRCROOT%` is (a `file:` URI ending in `/`), when known. */
export interface SarifOptions {
  toolVersion: string;
  srcRoot?: string;
}

export function toSarif(decisions: readonly ExportDecision[], opts: SarifOptions): object {
  return {
    version: '2.1.0',
    $schema: SARIF_SCHEMA,
    runs: [
      {
        tool: {
          driver: {
            name: 'Findings Lens',
            version: opts.toolVersion,
            informationUri: 'https://github.com/findings-lens/findings-lens',
            rules: rules(decisions),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': srcRoot(opts.srcRoot) },
        results: decisions.map(result),
      },
    ],
  };
}

function srcRoot(uri: string | undefined): object {
  const description = { text: 'The root of the project folder; result paths are relative to it.' };
  return uri ? { uri: uri.endsWith('/') ? uri : `${uri}/`, description } : { description };
}

/** One rule per rule id, tagged with the CWEs of its findings (as GitHub code scanning reads them). */
function rules(decisions: readonly ExportDecision[]): object[] {
  const cwes = new Map<string, Set<string>>();
  for (const d of decisions) {
    const set = cwes.get(d.ruleId) ?? new Set<string>();
    d.cwe.forEach((c) => set.add(c));
    cwes.set(d.ruleId, set);
  }
  return [...cwes.keys()].sort().map((id) => {
    const tags = [...cwes.get(id)!].map((c) => `external/cwe/${c.toLowerCase()}`);
    return tags.length ? { id, properties: { tags } } : { id };
  });
}

function result(d: ExportDecision): object {
  const r: Record<string, unknown> = {
    ruleId: d.ruleId,
    level: level(d.severity),
    message: { text: d.title || d.ruleId },
    locations: [{ physicalLocation: { artifactLocation: { uri: d.path, uriBaseId: '%SRCROOT%' }, region: { startLine: d.line } } }],
    partialFingerprints: { findingsLensFindingId: d.findingId },
    properties: {
      findingId: d.findingId,
      severity: d.severity,
      action: d.action,
      reason: d.reason,
      review: reviewText(d.review),
      comment: d.comment,
    },
  };
  if (asksSuppression(d))
    r.suppressions = [{ kind: 'external', status: sarifSuppressionStatus(d.review), justification: justification(d) }];
  return r;
}

function level(sev: Severity): 'error' | 'warning' | 'note' {
  return sev === 'critical' || sev === 'high' ? 'error' : sev === 'medium' ? 'warning' : 'note';
}

function justification(d: ExportDecision): string {
  const head = `${d.action}: ${d.reason}`;
  const review = d.review ? ` (review: ${reviewText(d.review)}${d.review.comment ? ` — ${d.review.comment}` : ''})` : '';
  return `${head}${d.comment ? ` — ${d.comment}` : ''}${review}`;
}
