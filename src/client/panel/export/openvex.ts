/** Decisions as an OpenVEX v0.2.0 document: one statement per decision (mapping.ts says which). */
import type { ExportDecision } from './decisions';
import { actionStatement, reviewText, vexFor } from './mapping';

export interface OpenVexOptions {
  /** The document's IRI, e.g. `urn:uuid:…` (the caller makes it: this function stays pure). */
  id: string;
  author: string;
  /** ISO time of the export. */
  timestamp: string;
  /** The product the statements are about, a package URL: `findingsLens.export.product`, or `pkg:generic/<project>`. */
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
  const vex = vexFor(d);
  const aliases = [...new Set(d.cwe)];
  const s: OpenVexStatement = {
    // The finding is the vulnerability: its id names it, its CWEs are the names it is known by.
    vulnerability: { name: d.findingId, description: `${d.title} (rule ${d.ruleId})`, ...(aliases.length ? { aliases } : {}) },
    products: [{ '@id': productId, subcomponents: [{ '@id': subcomponentId(productId, d.path) }] }],
    status: vex.status,
    // When what the statement says became true: the review that settled it, else the decision.
    timestamp: d.review?.at || d.at,
  };
  if (vex.justification) s.justification = vex.justification;
  if (vex.status === 'not_affected' && (d.comment.trim() || !vex.justification))
    s.impact_statement = d.comment.trim() || `Disputed (${d.reason}) and ${reviewText(d.review)}.`;
  if (vex.status === 'affected') s.action_statement = actionStatement(d);
  s.status_notes = `Finding ${d.findingId} at ${d.path}:${d.line}: ${d.action === 'acknowledge' ? 'acknowledged' : 'disputed'} (${d.reason}) by ${d.actor}; ${reviewText(d.review)}.`;
  return s;
}

/** The file inside the product, as a package URL subpath: `pkg:generic/acme#src/db.ts`. */
export function subcomponentId(productId: string, path: string): string {
  const base = productId.split('#')[0]!;
  return `${base}#${path
    .split('/')
    .filter((p) => p !== '' && p !== '.' && p !== '..')
    .map(encodeURIComponent)
    .join('/')}`;
}

/** A package URL, as OpenVEX products are named: `pkg:type/name` (namespace, version, qualifiers optional). */
export function isPackageUrl(value: string): boolean {
  return /^pkg:[a-zA-Z][a-zA-Z0-9.+-]*\/[^\s/][^\s]*$/.test(value);
}

/** `pkg:generic/<project>`, the product when the setting names none. */
export function projectPackageUrl(project: string): string {
  return `pkg:generic/${encodeURIComponent(project.trim() || 'project')}`;
}
