/**
 * What the upload CLI adds to a log from the files of the checkout, since the feed has none
 * (docs/feed-protocol.md, "SARIF": what the upload adds). Only what is missing is added, in plain
 * SARIF, so the log stays valid and a log that already has it is sent unchanged:
 * - `partialFingerprints.primaryLocationLineHash` (GitHub's line hash of the primary location's
 *   start line), so that a result keeps its identity when code above it moves;
 * - a `contextRegion` of the whole lines of each location with their text, from which the feed
 *   takes the finding's snippet (a region's own snippet is seldom the whole lines);
 * - line and column numbers for a region given by character offsets only (results and fixes).
 * The log is changed in place; results that do not parse are left for the feed to set aside.
 */
import { lineHashes } from '../../shared/lineHash';
import { FINDING_BOUNDS } from './limits';
import { runPaths, type PathResolver } from './paths';
import { splitLines, type ColumnKind } from './region';
import { ArtifactLocation, SarifResult, SarifRun } from './schema';

/** The text of a repository file as it is in the checkout, or undefined when it cannot be read. */
export type SourceFiles = (path: string) => string | undefined;

export interface Enrichment {
  lineHashes: number;
  contextRegions: number;
  regions: number;
  /** Repository paths the results name that could not be read, each once. */
  unreadable: string[];
}

type Json = Record<string, unknown>;

interface FileText {
  text: string;
  lines: string[];
  /** UTF-16 offset of each line's start. */
  starts: number[];
  hashes?: string[];
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function arrayOf(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (const match of text.matchAll(/\r\n|\r|\n/g)) starts.push(match.index + match[0].length);
  return starts;
}

/** Line (1-based) and column (1-based, in the run's unit) of a UTF-16 offset. */
function position(file: FileText, offset: number, columnKind: ColumnKind | undefined): [number, number] {
  let line = 0;
  let high = file.starts.length - 1;
  while (line < high) {
    const middle = Math.ceil((line + high) / 2);
    if (file.starts[middle]! <= offset) line = middle;
    else high = middle - 1;
  }
  const before = file.text.slice(file.starts[line]!, offset);
  return [line + 1, (columnKind === 'unicodeCodePoints' ? [...before].length : before.length) + 1];
}

/** A character offset in the run's unit as a UTF-16 offset. */
function utf16Offset(text: string, offset: number, columnKind: ColumnKind | undefined): number {
  if (columnKind !== 'unicodeCodePoints') return offset;
  let units = 0;
  let points = 0;
  for (const character of text) {
    if (points === offset) break;
    units += character.length;
    points++;
  }
  return units;
}

class RunEnricher {
  constructor(
    private readonly paths: PathResolver,
    private readonly columnKind: ColumnKind | undefined,
    private readonly file: (path: string) => FileText | undefined,
    private readonly counts: Enrichment,
  ) {}

  result(raw: Json): void {
    const primary = arrayOf(raw.locations)[0];
    if (primary) this.location(primary, raw);
    for (const related of arrayOf(raw.relatedLocations)) this.location(related);
    for (const flow of arrayOf(raw.codeFlows)) {
      for (const thread of arrayOf(flow.threadFlows))
        for (const step of arrayOf(thread.locations)) if (isObject(step.location)) this.location(step.location);
    }
    for (const fix of arrayOf(raw.fixes)) {
      for (const change of arrayOf(fix.artifactChanges)) {
        const file = this.fileOf(change.artifactLocation);
        if (file)
          for (const replacement of arrayOf(change.replacements))
            if (isObject(replacement.deletedRegion)) this.lines(replacement.deletedRegion, file);
      }
    }
  }

  private fileOf(artifactLocation: unknown): FileText | undefined {
    const parsed = ArtifactLocation.safeParse(artifactLocation);
    const where = parsed.success ? this.paths.resolve(parsed.data) : undefined;
    return where && 'path' in where ? this.file(where.path) : undefined;
  }

  /** Adds what is missing to one location; `result` is given for the primary location only. */
  private location(location: Json, result?: Json): void {
    const physical = location.physicalLocation;
    if (!isObject(physical) || !isObject(physical.region)) return;
    const file = this.fileOf(physical.artifactLocation);
    if (!file) return;
    const region = physical.region;
    this.lines(region, file);
    if (typeof region.startLine !== 'number') return;
    const startLine = region.startLine;
    const endLine = typeof region.endLine === 'number' ? region.endLine : startLine;
    if (
      physical.contextRegion === undefined &&
      endLine >= startLine &&
      endLine <= file.lines.length &&
      endLine - startLine < FINDING_BOUNDS.snippetLines
    ) {
      physical.contextRegion = { startLine, endLine, snippet: { text: file.lines.slice(startLine - 1, endLine).join('\n') } };
      this.counts.contextRegions++;
    }
    if (result) this.lineHash(result, file, startLine);
  }

  /** Gives a region by character offsets its lines and columns. */
  private lines(region: Json, file: FileText): void {
    const { charOffset, charLength } = region;
    if (region.startLine !== undefined || typeof charOffset !== 'number' || charOffset < 0) return;
    const start = utf16Offset(file.text, charOffset, this.columnKind);
    const end = utf16Offset(file.text, charOffset + (typeof charLength === 'number' ? charLength : 0), this.columnKind);
    if (end > file.text.length) return;
    [region.startLine, region.startColumn] = position(file, start, this.columnKind);
    [region.endLine, region.endColumn] = position(file, end, this.columnKind);
    this.counts.regions++;
  }

  private lineHash(result: Json, file: FileText, startLine: number): void {
    const partial = isObject(result.partialFingerprints) ? result.partialFingerprints : {};
    if (partial.primaryLocationLineHash !== undefined) return;
    file.hashes ??= lineHashes(file.text);
    const hash = file.hashes[startLine - 1];
    if (hash === undefined) return;
    result.partialFingerprints = { ...partial, primaryLocationLineHash: hash };
    this.counts.lineHashes++;
  }
}

/** Adds line hashes, whole-line context regions and line numbers to a log, in place. */
export function enrichSarifLog(log: unknown, checkoutUri: string | undefined, files: SourceFiles): Enrichment {
  const counts: Enrichment = { lineHashes: 0, contextRegions: 0, regions: 0, unreadable: [] };
  const texts = new Map<string, FileText | undefined>();
  const file = (path: string): FileText | undefined => {
    if (!texts.has(path)) {
      const text = files(path);
      if (text === undefined) counts.unreadable.push(path);
      texts.set(path, text === undefined ? undefined : { text, lines: splitLines(text), starts: lineStarts(text) });
    }
    return texts.get(path);
  };
  for (const rawRun of isObject(log) ? arrayOf(log.runs) : []) {
    const run = SarifRun.safeParse(rawRun);
    if (!run.success) continue;
    const enricher = new RunEnricher(runPaths(run.data, checkoutUri), run.data.columnKind, file, counts);
    for (const raw of arrayOf(rawRun.results)) if (SarifResult.safeParse(raw).success) enricher.result(raw);
  }
  return counts;
}
