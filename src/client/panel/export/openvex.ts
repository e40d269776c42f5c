/** Decisions as an OpenVEX v0.2.0 document: one statement per decision. */
import type { ExportDecision } from './decisions';
import { vexFor } from './mapping';

export interface OpenVexOptions {
  /** The document's IRI, e.g. `urn:uuid:…` (the caller makes it: this function stays pure). */
  id: string;
  author: string;
  /** ISO time of the export. */
  timestamp: string;
  /** The product the statements are about: the project, e.g. `pkg:generic/my-project`. */
  productId: string;
}

export interface OpenVexStatement {
  vulnerability: { name: string; description?: string; aliases?: string[] };
  products: { '@id': string; subcomponents?: { '@id': string }[] }[];
  status: string;
  justification?: string;
  impact_statement?: string;
  action_statement?: string;
  status_notes?: string;
  timestamp: string;
}

export function toOpenVex(decisions: readonly ExportDecision[], opts: OpenVexOptions): object {
  return {
    '@context': 'https://openvex.dev/ns/v0.2.0',
    '@id': opts.id,
    author: opts.author,
    timestamp: opts.timestamp,
    version: 1,
    tooling: 'Findings Lens',
    statements: decisions.map((d) => statement(d, opts.productId)),
  };
}

function statement(d: ExportDecision, productId: string): OpenVexStatement {
  const vex = vexFor(d.action, d.reason, d.review);
  const s: OpenVexStatement = {
    vulnerability: { name: d.ruleId, description: d.title, ...(d.cwe.length ? { aliases: d.cwe } : {}) },
    products: [{ '@id': productId, subcomponents: [{ '@id': `${d.path}#L${d.line}` }] }],
    status: vex.status,
    timestamp: d.at,
  };
  if (vex.justification) s.justification = vex.justification;
  if (vex.status === 'not_affected' && d.comment) s.impact_statement = d.comment;
  if (vex.needsActionStatement) s.action_statement = actionStatement(d);
  s.status_notes = `Finding ${d.findingId}: ${d.action} (${d.reason}) by ${d.actor}; review ${d.review ? `${d.review.decision}d` : 'pending'}.`;
  return s;
}

function actionStatement(d: ExportDecision): string {
  if (d.review?.decision === 'reject') return `The ${d.action} was rejected in review${d.review.comment ? `: ${d.review.comment}` : '.'}`;
  const base = d.reason === 'will_fix' ? 'A fix is planned.' : 'The risk is accepted.';
  return d.comment ? `${base} ${d.comment}` : base;
}
