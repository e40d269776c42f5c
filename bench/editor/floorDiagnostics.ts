/**
 * The diagnostics the floor extension sets (floorExtension.ts): the same ones Findings Lens
 * publishes for the bench's seeded feed, made by the server's own `toDiagnostic` from the same
 * findings, so the floor holds what Findings Lens holds (same files, ranges, titles, severities,
 * source, rule code and help link, hints for acknowledged findings) and nothing of ours besides.
 * Every file is placed from the feed's lines, as a closed file is (the workspace has no git history,
 * and the open file's findings anchor exactly where the feed says); related information is left
 * out, which Findings Lens sends for the open file's few findings only.
 *
 * Written as JSON lines, one file per line, so the extension reads them a call's worth at a time
 * and never holds the whole list as text or parsed JSON besides the diagnostics themselves.
 */
import { writeFileSync } from 'node:fs';
import type { Diagnostic } from 'vscode-languageserver';
import type { Finding, FindingStatus, Severity } from '../../src/shared/feed';
import { toDiagnostic } from '../../src/server/views/diagnostics';
import { placeFinding } from '../../src/server/views/placement';
import type { GeneratedFinding } from '../generate';

/**
 * One diagnostic, compact: 0-based range, VS Code's severity (0 error … 3 hint), message, rule
 * code, help link (null: none), finding id (what `data` carries), and whether it is faded.
 */
export type FloorDiagnostic = [
  startLine: number,
  startCharacter: number,
  endLine: number,
  endCharacter: number,
  severity: number,
  message: string,
  code: string,
  href: string | null,
  findingId: string,
  unnecessary: boolean,
];

/** One file's diagnostics (its path relative to the workspace folder), in the order the server sends them. */
export interface FloorFile {
  path: string;
  diagnostics: FloorDiagnostic[];
}

/** The files of the feed in path order (a cold sync's), each with its findings by line then id (fileView.ts). */
export function floorFiles(findings: readonly GeneratedFinding[]): FloorFile[] {
  const byPath = new Map<string, GeneratedFinding[]>();
  for (const f of findings) byPath.set(f.location.path, [...(byPath.get(f.location.path) ?? []), f]);
  return [...byPath.keys()].sort().map((path) => ({
    path,
    diagnostics: byPath
      .get(path)!
      .sort((a, b) => a.location.startLine - b.location.startLine || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map(floorDiagnostic)
      .filter((d): d is FloorDiagnostic => d !== undefined),
  }));
}

/** The finding's diagnostic as the server makes it for a closed file, compacted; undefined when it is not drawn. */
export function floorDiagnostic(generated: GeneratedFinding): FloorDiagnostic | undefined {
  const finding = asFinding(generated);
  const d: Diagnostic | undefined = toDiagnostic(finding, placeFinding(finding.location, undefined), {
    resolvedDisplay: 'hint',
    resolveUri: () => null,
  });
  if (!d) return undefined;
  const { start, end } = d.range;
  return [
    start.line,
    start.character,
    end.line,
    end.character,
    // LSP counts severities from 1 (error), VS Code from 0.
    (d.severity ?? 1) - 1,
    d.message,
    String(d.code),
    d.codeDescription?.href ?? null,
    (d.data as { findingId: string }).findingId,
    d.tags !== undefined,
  ];
}

/** A seed file's finding as the feed serves it (the feed adds the revision and timestamps, which no diagnostic shows). */
function asFinding(f: GeneratedFinding): Finding {
  return {
    ...f,
    severity: f.severity as Severity,
    status: f.status as FindingStatus,
    revision: '1',
    createdAt: '',
    updatedAt: '',
  };
}

/** VS Code's DiagnosticSeverity.Hint. */
const HINT = 3;

/** How many of a file's diagnostics Problems lists: every one but the hints (acknowledged findings), which it never lists. */
export function listedInProblems(file: FloorFile): number {
  return file.diagnostics.filter(([, , , , severity]) => severity < HINT).length;
}

/** Writes the files as JSON lines; returns how many diagnostics they hold. */
export function writeFloorFiles(files: readonly FloorFile[], to: string): number {
  writeFileSync(to, files.map((file) => `${JSON.stringify(file)}\n`).join(''));
  return files.reduce((sum, file) => sum + file.diagnostics.length, 0);
}
