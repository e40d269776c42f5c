/**
 * A result's places as the contract's Locations: the primary one (the result's first location),
 * its related locations, and the steps of its first thread flow (SARIF §3.27.12, §3.27.22, §3.36).
 * A related location or a flow step that cannot be placed (a file outside the repository, a
 * logical location only) is left out with its reason; the finding keeps the others.
 */
import type { Location, RelatedLocation } from '../../shared/feed';
import { FINDING_BOUNDS } from './limits';
import type { PathResolver } from './paths';
import { mapRegion, type ColumnKind } from './region';
import type { SarifLocation, SarifResult } from './schema';

export interface LocationContext {
  paths: PathResolver;
  columnKind: ColumnKind | undefined;
}

/** Places one SARIF location, or says why it cannot be. */
export function locationOf(location: SarifLocation | undefined, context: LocationContext): Location | { reason: string } {
  const physical = location?.physicalLocation;
  if (!physical?.artifactLocation) return { reason: 'it has no physical location (a file and a region)' };
  const where = context.paths.resolve(physical.artifactLocation);
  if ('reason' in where) return where;
  const span = mapRegion(physical.region, physical.contextRegion, context.columnKind);
  if ('reason' in span) return span;
  const { columnsDropped: _dropped, ...lines } = span;
  return { path: where.path, ...lines };
}

/** The steps of the result's first thread flow, source first (the one a viewer shows by default). */
export function flowLocations(result: SarifResult): SarifLocation[] {
  const steps = result.codeFlows?.[0]?.threadFlows[0]?.locations ?? [];
  return steps.flatMap((step) => (step.location?.physicalLocation ? [step.location] : []));
}

/** Keeps at most `max` items: the first ones and the last (a flow's sink matters as much as its source). */
export function bounded<T>(items: readonly T[], max: number): T[] {
  return items.length <= max ? [...items] : [...items.slice(0, max - 1), items[items.length - 1]!];
}

export interface PlacedList {
  placed: RelatedLocation[];
  /** Why each location left out was left out. */
  leftOut: string[];
}

/** Places a list of locations with their messages, keeping at most `max`. */
export function placeAll(
  locations: readonly SarifLocation[],
  what: 'related location' | 'flow step',
  context: LocationContext,
  message: (location: SarifLocation) => string | undefined,
): PlacedList {
  const max = what === 'flow step' ? FINDING_BOUNDS.flowSteps : FINDING_BOUNDS.relatedLocations;
  const out: PlacedList = { placed: [], leftOut: [] };
  if (locations.length > max) out.leftOut.push(`${locations.length - max} of its ${locations.length} ${what}s (more than ${max})`);
  bounded(locations, max).forEach((location, i) => {
    const placed = locationOf(location, context);
    if ('reason' in placed) {
      out.leftOut.push(`${what} ${i + 1}: ${placed.reason}`);
      return;
    }
    const text = message(location);
    out.placed.push(text ? { location: placed, message: text } : { location: placed });
  });
  return out;
}
