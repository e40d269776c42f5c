/**
 * Scores the anchor engine on the anchoring corpus (test/fixtures/anchoring/*.jsonl), each case twice:
 * with the file at the finding's commit (`baseText`), and without it (a shallow clone, a commit the
 * workspace lacks, a feed that sends none: only the location's snippet, line hash and line remain).
 * Shared by the corpus test, which asserts the targets, and scripts/bench-anchor.ts, which prints the table.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Location } from '../../../../src/shared/feed';
import { anchor } from '../../../../src/server/anchoring/anchor';
import type { Anchor } from '../../../../src/server/anchoring/types';

type Lines = { startLine: number; endLine: number };

/** One corpus case, as test/fixtures/anchoring/generate.ts and scripts/anchor-cases-from-git.ts write it. */
export interface CorpusCase {
  name: string;
  category: string;
  variant?: string;
  commit?: string;
  location: Location;
  baseText?: string;
  currentText: string;
  currentPath?: string;
  expected: Lines | 'lost';
  acceptUncertainAt?: Lines;
}

/** How one answer is judged. */
export type Verdict = 'right' | 'wrongCode' | 'wrongUncertain' | 'lostFindable' | 'drawnGone';

/** With the file at the finding's commit, or without it. */
export type TextMode = 'with' | 'without';

export interface Scored {
  case: CorpusCase;
  anchor: Anchor;
  verdict: Verdict;
}

const FIXTURES = join(__dirname, '../../../fixtures/anchoring');
export const CASES_PATH = join(FIXTURES, 'cases.jsonl');
/** Cases built by scripts/anchor-cases-from-git.ts from this repository's own history. */
export const GIT_CASES_PATH = join(FIXTURES, 'git-cases.jsonl');
export const CORPUS_PATHS = [CASES_PATH, GIT_CASES_PATH];

/**
 * The categories of the anchoring issue's hard set: lines repeated in the old or the new file, lines
 * edited in place, moved blocks, three-line findings (generated, written by hand after the issue's
 * examples, and from git history).
 */
export const HARD_CATEGORIES = new Set([
  'identical-snippets',
  'line-edited',
  'repeated-lines',
  'inside-longer-line',
  'edited-in-place',
  'git-duplicated-old',
  'git-duplicated-new',
  'git-edited',
  'git-moved',
  'git-three-line',
]);

export function loadCorpus(paths: readonly string[] = CORPUS_PATHS): CorpusCase[] {
  return paths.flatMap((path) =>
    readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => {
        const raw = JSON.parse(l) as CorpusCase;
        return { ...raw, location: Location.parse(raw.location) };
      }),
  );
}

const sameLines = (a: Anchor, b: Lines): boolean => a.range.startLine === b.startLine && a.range.endLine === b.endLine;

/**
 * right: on the expected lines (any drawn state), or `lost` when the code is gone;
 * wrongCode: drawn as exact/moved on other lines, or on gone code (the failure users hate most);
 * wrongUncertain: drawn as uncertain on other lines while the code is still there;
 * lostFindable: `lost` though the code is still there; drawnGone: uncertain on code that is gone.
 */
export function judge(c: CorpusCase, a: Anchor): Verdict {
  if (c.expected === 'lost') {
    if (a.state === 'lost') return 'right';
    if (a.state === 'uncertain' && c.acceptUncertainAt && sameLines(a, c.acceptUncertainAt)) return 'right';
    return a.state === 'uncertain' ? 'drawnGone' : 'wrongCode';
  }
  if (a.state === 'lost') return 'lostFindable';
  if (sameLines(a, c.expected)) return 'right';
  return a.state === 'uncertain' ? 'wrongUncertain' : 'wrongCode';
}

/** Anchors every case, with or without the file at its commit (the commit id itself is kept: it only words the reason). */
export function scoreCorpus(cases: readonly CorpusCase[], mode: TextMode = 'with'): Scored[] {
  return cases.map((c) => {
    const baseText = mode === 'with' ? c.baseText : undefined;
    const a = anchor({ location: c.location, currentText: c.currentText, baseText, commit: c.commit });
    return { case: c, anchor: a, verdict: judge(c, a) };
  });
}

/** Counts per verdict, with the total and how many right answers were only `uncertain`. */
export type Tally = Record<Verdict | 'total' | 'rightUncertain', number>;

/** The hard set's cases taken from real repository histories (scripts/anchor-cases-from-git.ts). */
export const FROM_GIT = (category: string): boolean => category.startsWith('git-');

/** Counts per verdict: per category, the hard set ('hard set', and 'hard set, git' for its cases from git history) and everything ('ALL'). */
export function tally(scored: readonly Scored[]): Map<string, Tally> {
  const rows = new Map<string, Tally>();
  const row = (k: string) => {
    let r = rows.get(k);
    if (!r) rows.set(k, (r = { total: 0, right: 0, rightUncertain: 0, wrongCode: 0, wrongUncertain: 0, lostFindable: 0, drawnGone: 0 }));
    return r;
  };
  for (const s of scored) {
    const hard = HARD_CATEGORIES.has(s.case.category);
    const keys = [s.case.category, ...(hard ? ['hard set'] : []), ...(hard && FROM_GIT(s.case.category) ? ['hard set, git'] : []), 'ALL'];
    for (const k of keys) {
      const r = row(k);
      r.total++;
      r[s.verdict]++;
      if (s.verdict === 'right' && s.anchor.state === 'uncertain') r.rightUncertain++;
    }
  }
  return rows;
}

/** Right placements as a percentage of a row. */
export const percentRight = (r: Tally): number => (r.total === 0 ? 100 : (100 * r.right) / r.total);
