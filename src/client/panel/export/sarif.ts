/** Decisions as a SARIF 2.1.0 log: one result per decision, with an external suppression. */
import type { Severity } from '../../../shared/feed';
import type { ExportDecision } from './decisions';
import { sarifSuppressionStatus } from './mapping';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

export function toSarif(decisions: readonly ExportDecision[], toolVersion: string): object {
  const ruleIds = [...new Set(decisions.map((d) => d.ruleId))].sort();
  return {
    version: '2.1.0',
    $schema: SARIF_SCHEMA,
    runs: [
      {
        tool: { driver: { name: 'Findings Lens', version: toolVersion, rules: ruleIds.map((id) => ({ id })) } },
        results: decisions.map(result),
      },
    ],
  };
}

function result(d: ExportDecision): object {
  return {
    ruleId: d.ruleId,
    level: level(d.severity),
    message: { text: d.title || d.ruleId },
    locations: [{ physicalLocation: { artifactLocation: { uri: d.path, uriBaseId: '%SRCROOT%' }, region: { startLine: d.line } } }],
    partialFingerprints: { findingsLensFindingId: d.findingId },
    suppressions: [{ kind: 'external', status: sarifSuppressionStatus(d.review), justification: justification(d) }],
    properties: { severity: d.severity, action: d.action, reason: d.reason },
  };
}

function level(sev: Severity): 'error' | 'warning' | 'note' {
  return sev === 'critical' || sev === 'high' ? 'error' : sev === 'medium' ? 'warning' : 'note';
}

function justification(d: ExportDecision): string {
  const head = `${d.action}: ${d.reason}`;
  const review = d.review ? ` (review: ${d.review.decision}${d.review.comment ? ` — ${d.review.comment}` : ''})` : '';
  return `${head}${d.comment ? ` — ${d.comment}` : ''}${review}`;
}
