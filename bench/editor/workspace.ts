/**
 * The editor bench's workspace: 2,000 files whose every line is distinct, and a feed whose findings
 * quote those lines (so each finding's lines exist, and an open file's findings anchor exactly, as
 * on code that has not changed since the scan). The open file is the one a user has in front of
 * them when the editor starts: the file of the first open finding, at that finding's line.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { filePath, generateFeed, type GeneratedFeed } from '../generate';

export const WORKSPACE_FILES = 2_000;
/** Findings start on lines 1–800 and span up to 3 lines (bench/generate.ts). */
const LINES_PER_FILE = 805;

/** What a run needs to know about the workspace and its feed. */
export interface EditorWorkspace {
  feed: GeneratedFeed;
  /** Findings the Problems panel lists: the open ones (acknowledged findings are hints, which it never lists). */
  expectedProblems: number;
  /** The file open when the editor starts (workspace-relative) and the line it is opened at. */
  openFile: { path: string; line: number; findings: number };
}

/** One line of a workspace file: unique in the whole workspace, so anchoring never finds a second candidate. */
export function lineText(file: string, line: number): string {
  return `  const r${line} = db.query(q_${path.posix.basename(file, '.ts')}_${line}, req.body.k${line});`;
}

/** `count` lines of `file` from `startLine` (1-based), as written to disk. */
export function linesAt(file: string, startLine: number, count: number): string {
  return Array.from({ length: count }, (_, k) => lineText(file, startLine + k)).join('\n');
}

/** The seeded feed of `size` findings over the 2,000 files, and what the runs wait for. */
export function editorWorkspace(size: number, project: string, seed: number): EditorWorkspace {
  const feed = generateFeed(size, project, seed, { files: WORKSPACE_FILES, hot: false, snippetAt: linesAt });
  const open = feed.findings.filter((f) => f.status === 'open');
  const first = open[0];
  if (!first) throw new Error(`the generated feed of ${size} has no open finding to show`);
  return {
    feed,
    expectedProblems: open.length,
    openFile: {
      path: first.location.path,
      line: first.location.startLine,
      findings: feed.findings.filter((f) => f.location.path === first.location.path).length,
    },
  };
}

/** Writes the 2,000 files under `dir` (emptied first). */
export function writeEditorWorkspace(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  for (let i = 0; i < WORKSPACE_FILES; i++) {
    const file = filePath(i);
    const target = path.join(dir, ...file.split('/'));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, `${linesAt(file, 1, LINES_PER_FILE)}\n`);
  }
}
