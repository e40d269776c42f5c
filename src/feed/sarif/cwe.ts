/**
 * A result's CWEs, from the three places tools put them: the rule's tags (`external/cwe/cwe-89`,
 * CodeQL's form, or a tag that starts with `CWE-89`), the rule's `relationships` to a CWE taxon
 * (flawfinder's form), and the result's own `taxa`. A taxon counts when its tool component is the
 * CWE taxonomy: named `CWE`, or pointing at a `run.taxonomies` entry named `CWE`.
 */
import { FINDING_BOUNDS } from './limits';
import type { DescriptorReference, ReportingDescriptor, SarifResult, ToolComponent } from './schema';

const TAG = /^(?:external\/cwe\/cwe-|cwe-)0*(\d{1,6})(?:\b|$)/i;
const TAXON_ID = /^(?:cwe-)?0*(\d{1,6})$/i;

/** `CWE-89` from a tag, or undefined. */
export function cweOfTag(tag: string): string | undefined {
  const match = TAG.exec(tag.trim());
  return match ? `CWE-${match[1]}` : undefined;
}

function isCweTaxonomy(ref: DescriptorReference['toolComponent'], taxonomies: readonly ToolComponent[]): boolean {
  if (!ref) return false;
  if (ref.name !== undefined) return ref.name.toUpperCase() === 'CWE';
  const taxonomy =
    ref.index !== undefined && ref.index >= 0
      ? taxonomies[ref.index]
      : taxonomies.find((t) => ref.guid !== undefined && t.guid?.toLowerCase() === ref.guid.toLowerCase());
  return taxonomy?.name.toUpperCase() === 'CWE';
}

/** `CWE-120` from a taxon reference into the CWE taxonomy (its id is `CWE-120` or `120`), or undefined. */
export function cweOfTaxon(ref: DescriptorReference, taxonomies: readonly ToolComponent[]): string | undefined {
  if (!isCweTaxonomy(ref.toolComponent, taxonomies) || ref.id === undefined) return undefined;
  const match = TAXON_ID.exec(ref.id.trim());
  return match ? `CWE-${match[1]}` : undefined;
}

function tagsOf(rule: ReportingDescriptor | undefined): string[] {
  const tags = rule?.properties?.tags;
  return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [];
}

/** Every CWE of a result, in the order found, each once, at most FINDING_BOUNDS.cwes. */
export function cwesOf(result: SarifResult, rule: ReportingDescriptor | undefined, taxonomies: readonly ToolComponent[]): string[] {
  const found = [
    ...tagsOf(rule).map(cweOfTag),
    ...(rule?.relationships ?? []).map((r) => cweOfTaxon(r.target, taxonomies)),
    ...(result.taxa ?? []).map((t) => cweOfTaxon(t, taxonomies)),
  ];
  return [...new Set(found.filter((c): c is string => c !== undefined))].slice(0, FINDING_BOUNDS.cwes);
}
