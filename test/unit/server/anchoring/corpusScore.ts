/**
 * Scores the anchor engine on the anchoring corpus (test/fixtures/anchoring/cases.jsonl). Shared by
 * the corpus test, which asserts the targets, and scripts/bench-anchor.ts, which prints the table.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Location } from '../../../../src/shared/feed';
import { anchor } from '../../../../src/server/anchoring/anchor';
import type { Anchor } from '../../../../src/server/anchoring/types';

type Lines = { startLine: number; endLine: number };

/** One corpus case, as test/fixtures/anchoring/generate.ts writes it. */
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

export interface Scored {
  case: CorpusCase;
  anchor: Anchor;
  verdict: Verdict;
}

export const CASES_PATH = join(__dirname, '../../../fixtures/anchoring/cases.jsonl');

export function loadCorpus(path = CASES_PATH): CorpusCase[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const raw = JSON.parse(l) as CorpusCase;
      return { ...raw, location: Location.parse(raw.location) };
    });
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

export function scoreCorpus(cases: CorpusCase[]): Scored[] {
  return cases.map((c) => {
    const a = anchor({ location: c.location, currentText: c.currentText, baseText: c.baseText, commit: c.commit });
    return { case: c, anchor: a, verdict: judge(c, a) };
  });
}

/** Counts per verdict, overall and per category. */
export function tally(scored: Scored[]): Map<string, Record<Verdict | 'total', number>> {
  const rows = new Map<string, Record<Verdict | 'total', number>>();
  const row = (k: string) => {
    let r = rows.get(k);
    if (!r) rows.set(k, (r = { total: 0, right: 0, wrongCode: 0, wrongUncertain: 0, lostFindable: 0, drawnGone: 0 }));
    return r;
  };
  for (const s of scored) {
    for (const k of [s.case.category, 'ALL']) {
      row(k).total++;
      row(k)[s.verdict]++;
    }
  }
  return rows;
}
