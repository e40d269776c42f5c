/**
 * Figure 9: closed files kept right (src/server/views/closedFiles.ts) at N findings, in process,
 * with the server's own parts (the store, the project's files, git): a git repository of 2,000
 * files holding the findings (found at its commit), then 0, 10 and 100 files edited above their
 * findings, and the time from asking for a pass to every changed file anchored. Next to each, a
 * floor measured in the same run: `git diff --name-only` and reading the changed files, the least
 * any pass must do. If the pass followed the feed, 0 changed files would cost as much as 100.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { URI } from 'vscode-uri';
import type { Finding } from '../src/shared/feed';
import { nodeGitRunner } from '../src/server/anchoring/git';
import { CommitTally } from '../src/server/findings/commitTally';
import { FindingStore } from '../src/server/findings/store';
import { ClosedFiles, MAX_ANCHORED_BYTES } from '../src/server/views/closedFiles';
import { GitBases } from '../src/server/workspace/gitBases';
import { ProjectFiles } from '../src/server/workspace/projectFiles';
import { prng } from './generate';
import type { Row } from './report';
import { median } from './stats';

const FILES = 2_000;
const LINES = 400;
/** Files edited per round; 0 is the pass with nothing to do. */
export const CHANGED_COUNTS = [0, 10, 100];
const RUNS = 3;

export interface ClosedFilesRound {
  changed: number;
  /** Median of {@link RUNS}: asking for a pass → every changed file anchored and published. */
  ms: number;
  /** The floor, median of {@link RUNS}: `git diff --name-only` + reading the changed files. */
  floorMs: number;
  filesAnchored: number;
  findingsAnchored: number;
  /** The longest the event loop was held during the pass (how long a hover could wait). */
  maxStallMs: number;
  /** A finding of a changed file drawn on its code (3 lines down), checked. */
  placedRight: boolean;
}

export interface ClosedFilesFigures {
  findings: number;
  files: number;
  setupMs: number;
  rounds: ClosedFilesRound[];
}

export async function closedFilesBench(size: number, seed: number, log: (line: string) => void): Promise<ClosedFilesFigures> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), `fl-bench-closed-${size}-`));
  try {
    const started = performance.now();
    const dir = path.join(tmp, 'workspace');
    const texts = writeFiles(dir);
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', ...args], {
        cwd: dir,
        encoding: 'utf8',
      }).trim();
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'the scanned commit');
    const commit = git('rev-parse', 'HEAD');
    const findings = generateFindings(size, commit, texts, seed);
    const folder = URI.file(dir);
    const storeFiles = new ProjectFiles(() => folder, new GitBases());
    // The session's store tells a commit tally of each change; the pass asks it for the commits.
    const commits = new CommitTally();
    const store = new FindingStore((p) => storeFiles.resolve(p), undefined, commits);
    store.replaceAll(findings);
    const setupMs = performance.now() - started;
    log(`closed files: ${size} findings in ${FILES} files, a git repository (${setupMs.toFixed(0)} ms to make)`);
    const rounds: ClosedFilesRound[] = [];
    for (const changed of CHANGED_COUNTS) {
      const runs: ClosedFilesRound[] = [];
      for (let run = 0; run < RUNS; run++) {
        git('checkout', '-q', '--', '.');
        const edited = pickFiles(changed, run);
        for (const i of edited) writeFileSync(filePath(dir, i), `// edited\n// above\n// the findings\n${texts[i]}`);
        runs.push(await oneRound(dir, { store, commits }, findings, edited, git));
      }
      rounds.push(medianRound(runs));
      log(`closed files: ${changed} changed, ${rounds.at(-1)!.ms.toFixed(1)} ms (floor ${rounds.at(-1)!.floorMs.toFixed(1)} ms)`);
    }
    return { findings: size, files: FILES, setupMs, rounds };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** One pass with the project's files fresh (nothing cached: no base texts, no path answers), then its floor. */
async function oneRound(
  dir: string,
  { store, commits }: { store: FindingStore; commits: CommitTally },
  findings: Finding[],
  edited: number[],
  git: (...args: string[]) => string,
): Promise<ClosedFilesRound> {
  const folder = URI.file(dir);
  const files = new ProjectFiles(() => folder, new GitBases(nodeGitRunner));
  let filesAnchored = 0;
  const closed = new ClosedFiles({
    findings: store,
    commits: (max) => commits.ask(max),
    isOpen: () => false,
    read: (uri) => files.read(uri, MAX_ANCHORED_BYTES),
    baseOf: (finding) => files.atCommit(finding),
    prefetchBases: (findings) => files.prefetchAtCommit(findings),
    changedFiles: (commits) => files.changedFiles(commits),
    uriOf: (p) => {
      const r = files.resolve(p);
      return r.ok ? r.uri : undefined;
    },
    moved: (uris) => void (filesAnchored += uris.length),
    log: () => undefined,
  });
  const stalls = monitorEventLoopDelay({ resolution: 1 });
  stalls.enable();
  const started = performance.now();
  await closed.scan();
  const ms = performance.now() - started;
  stalls.disable();

  const floorStarted = performance.now();
  const listed = git('diff', '--name-only', 'HEAD').split('\n').filter(Boolean);
  for (const p of listed) readFileSync(path.join(dir, p), 'utf8');
  const floorMs = performance.now() - floorStarted;
  if (listed.length !== edited.length) throw new Error(`git lists ${listed.length} changed files, ${edited.length} were edited`);

  const sample = edited[0] === undefined ? undefined : findings.find((f) => f.location.path === relativePath(edited[0]!));
  const uri = sample && URI.file(path.join(dir, sample.location.path)).toString();
  const placed = sample && closed.placement(uri!, store.get(sample.id)?.finding);
  const findingsAnchored = edited.reduce((n, i) => n + store.inFile(URI.file(filePath(dir, i)).toString()).length, 0);
  return {
    changed: edited.length,
    ms,
    floorMs,
    filesAnchored,
    findingsAnchored,
    maxStallMs: stalls.max / 1e6,
    placedRight: sample === undefined ? filesAnchored === 0 : placed?.range.start.line === sample.location.startLine - 1 + 3,
  };
}

function medianRound(runs: ClosedFilesRound[]): ClosedFilesRound {
  return {
    ...runs[0]!,
    ms: median(runs.map((r) => r.ms)),
    floorMs: median(runs.map((r) => r.floorMs)),
    maxStallMs: Math.max(...runs.map((r) => r.maxStallMs)),
    placedRight: runs.every((r) => r.placedRight),
  };
}

/** Different files each run, spread over the repository. */
function pickFiles(count: number, run: number): number[] {
  return Array.from({ length: count }, (_, k) => (k * 17 + run * 7 + 1) % FILES);
}

function relativePath(i: number): string {
  return `src/m${i % 40}/file${i}.ts`;
}

function filePath(dir: string, i: number): string {
  return path.join(dir, ...relativePath(i).split('/'));
}

/**
 * Writes the files; each line is distinct code. Dated an hour back: files written in the second git
 * indexes them are "racily clean" to git, which then reads every one of them on each diff until the
 * index is written again, a cost of the bench's fresh repository that a real one does not pay.
 */
function writeFiles(dir: string): string[] {
  const texts: string[] = [];
  const anHourAgo = new Date(Date.now() - 3_600_000);
  for (let i = 0; i < FILES; i++) {
    const lines = Array.from({ length: LINES }, (_, l) => `  const v${i}_${l} = await db.query(sql${l % 13}, [req.query.k${l % 7}]);`);
    const text = `${lines.join('\n')}\n`;
    const file = filePath(dir, i);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    utimesSync(file, anHourAgo, anHourAgo);
    texts.push(text);
  }
  return texts;
}

/** `size` findings over the files, each on one line with that line as its snippet, found at `commit`. */
function generateFindings(size: number, commit: string, texts: string[], seed: number): Finding[] {
  const rand = prng(seed);
  const lines = texts.map((t) => t.split('\n'));
  return Array.from({ length: size }, (_, n) => {
    const i = n % FILES;
    const startLine = 1 + Math.floor(rand() * LINES);
    return {
      id: `CF-${n}`,
      revision: '1',
      ruleId: 'js/sql-injection',
      title: 'SQL built from request input',
      message: 'The query is built from the request.',
      severity: 'high',
      status: 'open',
      commit,
      location: { path: relativePath(i), startLine, snippet: lines[i]![startLine - 1]!.trim() },
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
    };
  });
}

/** Figure 9's rows: each round next to its floor, and what one more changed file costs. */
export function closedFilesRows(size: number, f: ClosedFilesFigures): Row[] {
  const rows: Row[] = f.rounds.map((r) => ({
    size,
    figure: `9. closed files: ${r.changed} of ${f.files.toLocaleString('en-US')} changed, re-anchored`,
    value: r.ms,
    unit: 'ms',
    baseline: r.floorMs,
    baselineLabel: 'git diff --name-only + read them',
    ratio: r.ms / r.floorMs,
    target: 'all placed right',
    pass: r.placedRight && r.filesAnchored === r.changed,
    note: `${r.filesAnchored} files / ${r.findingsAnchored} findings anchored; longest event-loop stall ${r.maxStallMs.toFixed(0)} ms`,
  }));
  const [none, most] = [f.rounds[0], f.rounds.at(-1)];
  if (none && most && most.changed > 0)
    rows.push({
      size,
      figure: '   closed files: each changed file adds',
      value: (most.ms - none.ms) / most.changed,
      unit: 'ms',
      pass: null,
      note: `info: (${most.changed} changed − 0 changed) / ${most.changed}; the feed's ${size.toLocaleString('en-US')} findings are walked once per change of the findings`,
    });
  return rows;
}
