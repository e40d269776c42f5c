/**
 * SARIF `fixes` (§3.55–3.57) as the contract's suggested fixes: per file (a repository path, as
 * for locations), replacements of a region by text. A fix is all or nothing: one part that cannot
 * be placed exactly (a path outside the repository, a region by character offsets the CLI did not
 * turn into lines, columns in code points without the line's text, binary content, a bound passed,
 * overlapping edits) sets the whole fix aside with its reason; the finding keeps its other fixes.
 */
import { FIX_LIMITS, SuggestedFix, type FileChange, type FixRegion } from '../../shared/feed';
import { firstProblem } from '../findingBody';
import type { PathResolver } from './paths';
import { mapRegion, type ColumnKind } from './region';
import type { SarifFix } from './schema';

export interface MappedFixes {
  fixes: SuggestedFix[];
  /** Why each fix left out was left out (`fix 2: …`). */
  setAside: string[];
}

type Change = SarifFix['artifactChanges'][number];

function regionOf(replacement: Change['replacements'][number], columnKind: ColumnKind | undefined): FixRegion | string {
  const span = mapRegion(replacement.deletedRegion, undefined, columnKind);
  if ('reason' in span) return `its deleted region cannot be placed: ${span.reason}`;
  if (span.columnsDropped) return 'its columns are counted in code points, and the log does not carry the line to convert them';
  const { snippet: _snippet, columnsDropped: _dropped, ...region } = span;
  return region;
}

function changeOf(
  change: Change,
  paths: PathResolver,
  columnKind: ColumnKind | undefined,
): { path: string; replacements: FileChange['replacements'] } | string {
  const where = paths.resolve(change.artifactLocation);
  if ('reason' in where) return where.reason;
  const replacements: FileChange['replacements'] = [];
  for (const replacement of change.replacements) {
    const deletedRegion = regionOf(replacement, columnKind);
    if (typeof deletedRegion === 'string') return `a replacement in ${where.path}: ${deletedRegion}`;
    if (replacement.insertedContent?.binary !== undefined) return `a replacement in ${where.path} inserts binary content`;
    replacements.push({ deletedRegion, insertedText: replacement.insertedContent?.text ?? '' });
  }
  return { path: where.path, replacements };
}

/** Start and end of a region as comparable positions (an absent end column is the end of the line). */
function span(region: FixRegion): [number, number, number, number] {
  return [region.startLine, region.startColumn ?? 1, region.endLine ?? region.startLine, region.endColumn ?? Infinity];
}

/** True when two replacements of one file touch the same text (applying both would be ambiguous). */
export function overlapping(replacements: FileChange['replacements']): boolean {
  const sorted = replacements.map((r) => span(r.deletedRegion)).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (let i = 1; i < sorted.length; i++) {
    const [, , endLine, endColumn] = sorted[i - 1]!;
    const [startLine, startColumn] = sorted[i]!;
    if (endLine > startLine || (endLine === startLine && endColumn > startColumn)) return true;
  }
  return false;
}

function fixOf(fix: SarifFix, paths: PathResolver, columnKind: ColumnKind | undefined): SuggestedFix | string {
  if (fix.artifactChanges.length > FIX_LIMITS.filesPerFix)
    return `it changes ${fix.artifactChanges.length} files, more than ${FIX_LIMITS.filesPerFix}`;
  const files = new Map<string, FileChange['replacements']>();
  for (const change of fix.artifactChanges) {
    const mapped = changeOf(change, paths, columnKind);
    if (typeof mapped === 'string') return mapped;
    files.set(mapped.path, [...(files.get(mapped.path) ?? []), ...mapped.replacements]);
  }
  for (const [path, replacements] of files) if (overlapping(replacements)) return `its replacements in ${path} overlap`;
  const description = (fix.description?.text ?? fix.description?.markdown ?? '').trim() || 'Suggested fix';
  const candidate = {
    description:
      description.length > FIX_LIMITS.descriptionChars ? `${description.slice(0, FIX_LIMITS.descriptionChars - 1)}…` : description,
    files: [...files].map(([path, replacements]) => ({ path, replacements })),
  };
  const parsed = SuggestedFix.safeParse(candidate);
  return parsed.success ? parsed.data : firstProblem(parsed.error);
}

export function mapFixes(fixes: readonly SarifFix[], paths: PathResolver, columnKind: ColumnKind | undefined): MappedFixes {
  const out: MappedFixes = { fixes: [], setAside: [] };
  fixes.forEach((fix, i) => {
    const mapped =
      out.fixes.length < FIX_LIMITS.fixesPerFinding
        ? fixOf(fix, paths, columnKind)
        : `the finding already has ${FIX_LIMITS.fixesPerFinding} fixes`;
    if (typeof mapped === 'string') out.setAside.push(`fix ${i + 1}: ${mapped}`);
    else out.fixes.push(mapped);
  });
  return out;
}
