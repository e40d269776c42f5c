/**
 * Anchoring cases from one file's history: findings-like lines of the older version, where git says
 * they are in the newer one, sorted into the categories the corpus reports (lines repeated in the old
 * or the new file, lines edited in place, moved blocks, three-line findings, plus deletions and plain
 * shifts as controls). The cases have the shape of test/fixtures/anchoring/cases.jsonl.
 */
import { lineHashes } from '../../src/shared/lineHash';
import { saysLittle, squash } from './squashed';
import { Tracking, type Fate, type FileHistory } from './truth';

type Lines = { startLine: number; endLine: number };

/** One case, as the corpus scorer reads it (test/unit/server/anchoring/corpusScore.ts). */
export interface GitCase {
  name: string;
  category: string;
  variant: string;
  commit: string;
  location: { path: string; startLine: number; endLine?: number; snippet: string; lineHash: string };
  baseText: string;
  currentText: string;
  currentPath?: string;
  expected: Lines | 'lost';
  acceptUncertainAt?: Lines;
}

/** One file at two commits, with git's answers (see truth.ts). */
export interface FileVersions extends FileHistory {
  oldPath: string;
  newPath: string;
  oldSha: string;
  oldText: string;
  newText: string;
}

export interface Sampling {
  /** At most this many cases per category per file. */
  perFile: number;
  /** At most this many per file of the control categories (kept lines, deleted lines). */
  controls: number;
  random: () => number;
}

export const CATEGORIES = [
  'git-duplicated-old',
  'git-duplicated-new',
  'git-edited',
  'git-moved',
  'git-three-line',
  'git-deleted',
  'git-shifted',
] as const;
const CONTROLS = new Set(['git-deleted', 'git-shifted']);

/** A line a scanner might flag: code that does something (a call, an assignment, an index), not a comment. */
export function looksFlaggable(line: string): boolean {
  const trimmed = line.trim();
  const s = squash(trimmed);
  if (s.length < 12 || s.length > 160) return false;
  if (/^(\/\/|#|\/\*|\*|--|;|<!--|"""|''')/.test(trimmed)) return false;
  return /[A-Za-z_]/.test(s) && /[(=[]/.test(s);
}

/**
 * The category of a one-line finding: repeated text first (the hardest), then what happened to it.
 * `decoys`: the new file holds the flagged text somewhere other than where the finding now is.
 */
export function categoryOf(fate: Exclude<Fate, { kind: 'ambiguous' }>, repeatedInOld: boolean, decoys: boolean): string {
  if (repeatedInOld) return 'git-duplicated-old';
  if (decoys) return 'git-duplicated-new';
  if (fate.kind === 'edited') return 'git-edited';
  if (fate.kind === 'deleted') return 'git-deleted';
  return fate.moved ? 'git-moved' : 'git-shifted';
}

/** What a case expects from a fate; an edit that kept under half the words may also be lost. */
export function expectationOf(fate: Exclude<Fate, { kind: 'ambiguous' }>): Pick<GitCase, 'expected' | 'acceptUncertainAt'> {
  if (fate.kind === 'deleted') return { expected: 'lost' };
  const lines = { startLine: fate.start, endLine: fate.end };
  if (fate.kind === 'edited' && !fate.alike) return { expected: 'lost', acceptUncertainAt: lines };
  return { expected: lines };
}

export function variantOf(fate: Exclude<Fate, { kind: 'ambiguous' }>): string {
  if (fate.kind === 'edited') return fate.alike ? 'edited' : 'replaced';
  if (fate.kind === 'deleted') return 'deleted';
  return `${fate.moved ? 'moved' : 'kept'}${fate.edited ? '-partly-edited' : ''}`;
}

/** Every case this file offers, sampled per category, and how many were dropped as ambiguous, by why. */
export function casesOfFile(file: FileVersions, sampling: Sampling): { cases: GitCase[]; dropped: Map<string, number> } {
  const tracking = new Tracking(file);
  const dropped = new Map<string, number>();
  const sure = (fate: Fate): fate is Exclude<Fate, { kind: 'ambiguous' }> => {
    if (fate.kind !== 'ambiguous') return true;
    dropped.set(fate.why, (dropped.get(fate.why) ?? 0) + 1);
    return false;
  };
  const hashes = lineHashes(file.oldText);
  const byCategory = new Map<string, GitCase[]>();
  const add = (category: string, start: number, end: number, fate: Exclude<Fate, { kind: 'ambiguous' }>) => {
    const list = byCategory.get(category) ?? [];
    list.push(caseOf(file, category, start, end, fate, hashes[start]!));
    byCategory.set(category, list);
  };
  file.oldLines.forEach((line, i) => {
    if (!looksFlaggable(line)) return;
    const fate = tracking.fateOf(i, i);
    if (sure(fate)) {
      const n = tracking.occurrences(line);
      const decoys = n.new > (fate.kind === 'tracked' ? 1 : 0);
      add(categoryOf(fate, n.old > 1, decoys), i, i, fate);
    }
    const end = i + 2;
    if (end < file.oldLines.length && !saysLittle(file.oldLines[i + 1]!) && !saysLittle(file.oldLines[end]!)) {
      const block = tracking.fateOf(i, end);
      if (sure(block)) add('git-three-line', i, end, block);
    }
  });
  const out: GitCase[] = [];
  for (const category of CATEGORIES) {
    const list = byCategory.get(category) ?? [];
    out.push(...sample(list, CONTROLS.has(category) ? sampling.controls : sampling.perFile, sampling.random));
  }
  return { cases: out, dropped };
}

function caseOf(
  file: FileVersions,
  category: string,
  start: number,
  end: number,
  fate: Exclude<Fate, { kind: 'ambiguous' }>,
  lineHash: string,
): GitCase {
  const snippet = file.oldLines
    .slice(start, end + 1)
    .map((l) => l.trim())
    .join('\n');
  const location: GitCase['location'] = { path: file.oldPath, startLine: start + 1, snippet, lineHash };
  if (end > start) location.endLine = end + 1;
  const c: GitCase = {
    name: `${category}/${file.newPath}:${start + 1}@${file.oldSha.slice(0, 7)}`,
    category,
    variant: variantOf(fate),
    commit: file.oldSha,
    location,
    baseText: file.oldText,
    currentText: file.newText,
    ...expectationOf(fate),
  };
  if (file.newPath !== file.oldPath) c.currentPath = file.newPath;
  return c;
}

/** `n` of `items`, chosen by `random`, in their original order. */
export function sample<T>(items: readonly T[], n: number, random: () => number): T[] {
  if (items.length <= n) return [...items];
  const chosen = new Set<number>();
  while (chosen.size < n) chosen.add(Math.floor(random() * items.length));
  return [...chosen].sort((a, b) => a - b).map((i) => items[i]!);
}

/** A seeded generator (mulberry32), so the same repository and options give the same cases. */
export function seeded(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
