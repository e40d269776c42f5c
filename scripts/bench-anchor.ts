/**
 * npm run bench:anchor — the anchor engine's evidence: the corpus table, and re-anchor timings for a
 * 10,000-line file with 200 findings (per keystroke, and a whole-file pass), next to a baseline
 * measured in the same run (splitting the file into lines) so numbers compare across noisy machines.
 * Writes bench-results/anchor.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileAnchors, type FileFinding, type TextEdit } from '../src/server/anchoring/fileAnchors';
import { loadCorpus, scoreCorpus, tally } from '../test/unit/server/anchoring/corpusScore';

const LINES = 10_000;
const FINDINGS = 200;
const KEYSTROKES = 2_000;

function random(seed: number): () => number {
  return () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function summary(samples: number[]): { median: number; p95: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { median: percentile(s, 50), p95: percentile(s, 95), max: s[s.length - 1]! };
}

function corpusTable() {
  const started = performance.now();
  const scored = scoreCorpus(loadCorpus());
  const elapsed = performance.now() - started;
  const rows = tally(scored);
  const header = ['category', 'cases', 'right', 'wrong code', 'lost, findable', 'drawn, gone', 'uncertain, off'];
  console.log(header.map((h, i) => (i === 0 ? h.padEnd(20) : h.padStart(16))).join(''));
  const ordered = [...rows.entries()].sort(([a], [b]) => (a === 'ALL' ? 1 : b === 'ALL' ? -1 : a.localeCompare(b)));
  for (const [name, r] of ordered) {
    const cells = [r.total, r.right, r.wrongCode, r.lostFindable, r.drawnGone, r.wrongUncertain].map((n) => String(n).padStart(16));
    console.log(name.padEnd(20) + cells.join(''));
  }
  const all = rows.get('ALL')!;
  console.log(
    `placed right: ${((100 * all.right) / all.total).toFixed(1)}% of ${all.total}; drawn on wrong code as exact/moved: ${all.wrongCode}; corpus anchored in ${elapsed.toFixed(0)} ms\n`,
  );
  return { rows: Object.fromEntries(rows), placedRightPercent: (100 * all.right) / all.total, ms: elapsed };
}

function bigFile(next: () => number): { base: string; current: string; findings: FileFinding[] } {
  const verbs = ['load', 'parse', 'render', 'store', 'check', 'send', 'merge', 'split'];
  const baseLines = Array.from({ length: LINES }, (_, i) => {
    if (i % 12 === 11) return '}';
    if (i % 12 === 0) return `export function ${verbs[i % 8]}Item${i}(input: string, options: Options) {`;
    return `  const v${i} = ${verbs[Math.floor(next() * 8)]}(input, "${Math.floor(next() * 1e6).toString(36)}", options.level + ${i % 17});`;
  });
  const findings: FileFinding[] = [];
  const base = baseLines.join('\n');
  for (let k = 0; k < FINDINGS; k++) {
    const line = Math.floor((k + 0.5) * (LINES / FINDINGS));
    const l = line % 12 === 11 ? line - 1 : line;
    findings.push({
      id: `f${k}`,
      location: { path: 'big.ts', startLine: l + 1, ...(k % 2 ? { snippet: baseLines[l]!.trim() } : {}) },
      base,
      commit: 'abc1234',
    });
  }
  // The working copy is some commits later: lines inserted and edited throughout.
  const current = [...baseLines];
  for (let k = 0; k < 60; k++) current.splice(Math.floor(next() * current.length), 0, `  log.debug("added ${k}");`);
  for (let k = 0; k < 20; k++) current[Math.floor(next() * current.length)] += ' // edited';
  return { base, current: current.join('\n'), findings };
}

function time(fn: () => void, runs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return out;
}

function timings() {
  const next = random(2026);
  const { current, findings } = bigFile(next);
  const baseline = summary(time(() => void current.split(/\r\n|\r|\n/), 30));
  const wholeFile = summary(time(() => void new FileAnchors(findings, current), 10));
  const file = new FileAnchors(findings, current);
  const lines = current.split('\n');
  const keystrokes: number[] = [];
  for (let k = 0; k < KEYSTROKES; k++) {
    const edit = keystroke(lines, next, k, findings, file);
    const t = performance.now();
    file.applyEdit(edit);
    keystrokes.push(performance.now() - t);
  }
  const perKeystroke = summary(keystrokes);
  const f = (n: number) => `${n.toFixed(3)} ms`;
  console.log(`re-anchor, ${LINES.toLocaleString('en')}-line file, ${FINDINGS} findings (median / p95 / max):`);
  console.log(
    `  per keystroke (${KEYSTROKES} single-character edits, 1 in 4 on a flagged line): ${f(perKeystroke.median)} / ${f(perKeystroke.p95)} / ${f(perKeystroke.max)}`,
  );
  console.log(`  whole-file pass (diff + every finding): ${f(wholeFile.median)} / ${f(wholeFile.p95)} / ${f(wholeFile.max)}`);
  console.log(`  baseline, splitting the file into lines: ${f(baseline.median)} / ${f(baseline.p95)} / ${f(baseline.max)}`);
  console.log(`  keystroke target < 2 ms: ${perKeystroke.p95 < 2 ? 'met' : 'NOT met'} (p95)`);
  return {
    lines: LINES,
    findings: FINDINGS,
    keystrokes: KEYSTROKES,
    perKeystrokeMs: perKeystroke,
    wholeFileMs: wholeFile,
    baselineSplitMs: baseline,
  };
}

/** A random one-character edit, kept in step with `lines`; one in four lands on a finding's line. */
function keystroke(lines: string[], next: () => number, k: number, findings: FileFinding[], file: FileAnchors): TextEdit {
  const onFinding = k % 4 === 0;
  const line = onFinding
    ? file.get(findings[Math.floor(next() * findings.length)]!.id)!.range.startLine
    : Math.floor(next() * lines.length);
  const text = lines[line] ?? '';
  const character = Math.floor(next() * (text.length + 1));
  if (next() < 0.7 || text.length === 0 || character === text.length) {
    lines[line] = text.slice(0, character) + 'x' + text.slice(character);
    return { range: { start: { line, character }, end: { line, character } }, text: 'x' };
  }
  lines[line] = text.slice(0, character) + text.slice(character + 1);
  return { range: { start: { line, character }, end: { line, character: character + 1 } }, text: '' };
}

const corpus = corpusTable();
const perf = timings();
const dir = join(__dirname, '..', 'bench-results');
mkdirSync(dir, { recursive: true });
writeFileSync(
  join(dir, 'anchor.json'),
  JSON.stringify({ at: new Date().toISOString(), node: process.version, corpus, perf }, null, 2) + '\n',
);
console.log(`\nwrote bench-results/anchor.json`);
