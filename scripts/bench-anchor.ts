/**
 * npm run bench:anchor [-- --cases a.jsonl,b.jsonl] [-- --corpus-only] — the anchor engine's evidence:
 * the corpus table, every case scored with the file at the finding's commit and without it, side by
 * side; and re-anchor timings for a 10,000-line file with 200 findings (per keystroke, and a
 * whole-file pass with and without the commit's text), next to a baseline measured in the same run
 * (splitting the file into lines) so numbers compare across noisy machines. `--cases` scores other
 * case files (scripts/anchor-cases-from-git.ts writes them). Writes bench-results/anchor.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileAnchors, type FileFinding, type TextEdit } from '../src/server/anchoring/fileAnchors';
import { lineHashes } from '../src/shared/lineHash';
import { CORPUS_PATHS, loadCorpus, percentRight, scoreCorpus, tally, type Tally } from '../test/unit/server/anchoring/corpusScore';

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

const MODE_COLUMNS = ['right', 'unc.', 'wrong', 'off', 'lost', 'gone'];
const LEGEND =
  'right: placed right (unc.: of them, only uncertain); wrong: drawn exact or moved on wrong code; off: uncertain on\n' +
  'other lines than the code; lost: lost though the code is there; gone: drawn uncertain on code that is gone';

function modeCells(r: Tally | undefined): string[] {
  if (!r) return MODE_COLUMNS.map(() => '');
  return [`${percentRight(r).toFixed(1)}%`, r.rightUncertain, r.wrongCode, r.wrongUncertain, r.lostFindable, r.drawnGone].map(String);
}

function corpusTable(paths: readonly string[]) {
  const cases = loadCorpus(paths);
  const started = performance.now();
  const withText = tally(scoreCorpus(cases, 'with'));
  const withMs = performance.now() - started;
  const withoutText = tally(scoreCorpus(cases, 'without'));
  const withoutMs = performance.now() - started - withMs;
  const modeWidths = [7, 5, 6, 5, 5, 5];
  const widths = [20, 6, ...modeWidths, ...modeWidths];
  const row = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[0]!) : c.padStart(widths[i]!))).join('');
  const half = modeWidths.reduce((a, b) => a + b, 0);
  console.log(''.padEnd(widths[0]! + widths[1]!) + " with the commit's text".padEnd(half) + ' without it');
  console.log(row(['category', 'cases', ...MODE_COLUMNS, ...MODE_COLUMNS]));
  const order = (k: string) => (k === 'ALL' ? 3 : k === 'hard set' ? 2 : k === 'hard set, git' ? 1 : 0);
  const names = [...withText.keys()].sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  for (const name of names) {
    const w = withText.get(name)!;
    console.log(row([name, String(w.total), ...modeCells(w), ...modeCells(withoutText.get(name))]));
  }
  console.log(LEGEND);
  for (const key of ['ALL', 'hard set', 'hard set, git']) {
    const w = withText.get(key);
    const wo = withoutText.get(key);
    if (!w || !wo) continue;
    const withIt = `${percentRight(w).toFixed(1)}% right with the commit's text (${w.wrongCode} on wrong code)`;
    console.log(`${key}: ${withIt}, ${percentRight(wo).toFixed(1)}% without it (${wo.wrongCode} on wrong code)`);
  }
  console.log(`${cases.length} cases anchored in ${withMs.toFixed(0)} ms with the text, ${withoutMs.toFixed(0)} ms without\n`);
  return { paths, with: Object.fromEntries(withText), without: Object.fromEntries(withoutText), ms: { with: withMs, without: withoutMs } };
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
  const hashes = lineHashes(base);
  for (let k = 0; k < FINDINGS; k++) {
    const line = Math.floor((k + 0.5) * (LINES / FINDINGS));
    const l = line % 12 === 11 ? line - 1 : line;
    // As code scanning sends them: every finding has its line hash; half also have a snippet.
    const evidence = k % 2 ? { snippet: baseLines[l]!.trim(), lineHash: hashes[l]! } : { lineHash: hashes[l]! };
    findings.push({ id: `f${k}`, location: { path: 'big.ts', startLine: l + 1, ...evidence }, base, commit: 'abc1234' });
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
  const withoutText = findings.map(({ base: _base, ...finding }) => finding);
  const baseline = summary(time(() => void current.split(/\r\n|\r|\n/), 30));
  const wholeFile = summary(time(() => void new FileAnchors(findings, current), 10));
  const wholeFileWithoutText = summary(time(() => void new FileAnchors(withoutText, current), 10));
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
  const row = (label: string, t: ReturnType<typeof summary>) =>
    `  ${label}: ${f(t.median)} / ${f(t.p95)} / ${f(t.max)}  (median ${(t.median / baseline.median).toFixed(3)}×, p95 ${(t.p95 / baseline.median).toFixed(3)}× the baseline median)`;
  console.log(`re-anchor, ${LINES.toLocaleString('en')}-line file, ${FINDINGS} findings (median / p95 / max):`);
  console.log(row(`per keystroke (${KEYSTROKES} single-character edits, 1 in 4 on a flagged line)`, perKeystroke));
  console.log(row('whole-file pass (diff + every finding)', wholeFile));
  console.log(row("whole-file pass without the commit's text (snippet or line hash only)", wholeFileWithoutText));
  console.log(`  baseline, splitting the file into lines: ${f(baseline.median)} / ${f(baseline.p95)} / ${f(baseline.max)}`);
  console.log(`  keystroke target < 2 ms: ${perKeystroke.p95 < 2 ? 'met' : 'NOT met'} (p95)`);
  return {
    lines: LINES,
    findings: FINDINGS,
    keystrokes: KEYSTROKES,
    perKeystrokeMs: perKeystroke,
    wholeFileMs: wholeFile,
    wholeFileWithoutTextMs: wholeFileWithoutText,
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

/** `--cases a.jsonl,b.jsonl`: score those files instead of the committed corpus; `--corpus-only`: no timings. */
function parseArgs(argv: readonly string[]): { paths: readonly string[]; timings: boolean } {
  const at = argv.indexOf('--cases');
  if (at >= 0 && !argv[at + 1]) throw new Error('--cases needs a comma-separated list of .jsonl files');
  const paths = at >= 0 ? argv[at + 1]!.split(',').filter((p) => p !== '') : CORPUS_PATHS;
  return { paths, timings: !argv.includes('--corpus-only') };
}

const args = parseArgs(process.argv.slice(2));
const corpus = corpusTable(args.paths);
const perf = args.timings ? timings() : undefined;
const dir = join(__dirname, '..', 'bench-results');
mkdirSync(dir, { recursive: true });
writeFileSync(
  join(dir, 'anchor.json'),
  JSON.stringify({ at: new Date().toISOString(), node: process.version, corpus, perf }, null, 2) + '\n',
);
console.log(`\nwrote bench-results/anchor.json`);
