/**
 * npx tsx scripts/anchor-cases-from-git.ts <repo-dir> [options] > cases.jsonl
 *
 * Anchoring cases from a git repository's history: findings-like lines of the file at an older
 * commit, located in the file at a newer commit by git's own line tracking (`git blame -w -M` from
 * the newer commit back to the older one, and `git diff -U0 -w` for lines edited in place), never by
 * the engine. Cases git cannot answer for sure are dropped and counted. Output: one case per line,
 * the shape of test/fixtures/anchoring/cases.jsonl (see docs/architecture.md "Anchoring batch mode").
 *
 *   --since <date>     the older commit: the last first-parent commit of --new before this date
 *   --old <rev>        the older commit, given directly (instead of --since)
 *   --new <rev>        the newer commit (default HEAD)
 *   --per-file <n>     at most n cases per category per file (default 3)
 *   --controls <n>     at most n per file of the controls: kept and deleted lines (default 1)
 *   --max-files <n>    at most n changed files, chosen at random (default 200)
 *   --max-cases <n>    at most n cases in all, chosen at random (default: all)
 *   --max-lines <n>    skip files longer than this (default 5000)
 *   --ext <list>       file extensions to read (default ts,tsx,js,mjs,py,go,c,h,java,rb,rs)
 *   --seed <n>         the sampling seed (default 1)
 */
import { execFileSync } from 'node:child_process';
import { newToOldFromBlame } from './anchor-cases/blame';
import { casesOfFile, sample, seeded, type GitCase } from './anchor-cases/cases';
import { parseHunks } from './anchor-cases/hunks';
import { parseOptions, type Options } from './anchor-cases/options';

function git(repo: string, args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

function commits(options: Options): { oldSha: string; newSha: string } {
  const newSha = git(options.repo, ['rev-parse', '--verify', `${options.newRev}^{commit}`]).trim();
  const oldSha = options.oldRev
    ? git(options.repo, ['rev-parse', '--verify', `${options.oldRev}^{commit}`]).trim()
    : git(options.repo, ['rev-list', '--first-parent', '-1', `--before=${options.since}`, newSha]).trim();
  if (oldSha === '') throw new Error(`no commit of ${options.newRev} before ${options.since}: try an earlier --since, or --old`);
  return { oldSha, newSha };
}

/** Files changed between the commits (renames followed), as [old path, new path]. */
function changedFiles(options: Options, oldSha: string, newSha: string): [string, string][] {
  const out: [string, string][] = [];
  for (const line of git(options.repo, ['diff', '--name-status', '-M', oldSha, newSha]).split('\n')) {
    const [status, from, to] = line.split('\t');
    if (!status || !from) continue;
    const pair: [string, string] | undefined = status === 'M' ? [from, from] : status.startsWith('R') && to ? [from, to] : undefined;
    if (pair && options.extensions.has(pair[1].split('.').pop() ?? '')) out.push(pair);
  }
  return out;
}

function linesOf(text: string): string[] | undefined {
  if (text.includes('\0') || /\r(?!\n)/.test(text)) return undefined; // binary, or lone CR (git and LSP count lines apart)
  return text.split(/\r?\n/);
}

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  const random = seeded(options.seed);
  const { oldSha, newSha } = commits(options);
  const files = sample(changedFiles(options, oldSha, newSha), options.maxFiles, random);
  let cases: GitCase[] = [];
  const dropped = new Map<string, number>();
  for (const [oldPath, newPath] of files) {
    const oldText = git(options.repo, ['show', `${oldSha}:${oldPath}`]);
    const newText = git(options.repo, ['show', `${newSha}:${newPath}`]);
    const oldLines = linesOf(oldText);
    const newLines = linesOf(newText);
    if (!oldLines || !newLines || oldLines.length > options.maxLines || newLines.length > options.maxLines) continue;
    const blame = git(options.repo, ['blame', '--porcelain', '--first-parent', '-w', '-M', `${oldSha}..${newSha}`, '--', newPath]);
    const diff = git(options.repo, ['diff', '-U0', '-w', '--no-color', `${oldSha}:${oldPath}`, `${newSha}:${newPath}`]);
    const history = { oldLines, newLines, newToOld: newToOldFromBlame(blame, oldSha, oldPath, newLines.length), hunks: parseHunks(diff) };
    const found = casesOfFile(
      { ...history, oldPath, newPath, oldSha, oldText, newText },
      { perFile: options.perFile, controls: options.controls, random },
    );
    cases.push(...found.cases);
    for (const [why, n] of found.dropped) dropped.set(why, (dropped.get(why) ?? 0) + n);
  }
  if (options.maxCases !== undefined) cases = sample(cases, options.maxCases, random);
  for (const c of cases) process.stdout.write(JSON.stringify(c) + '\n');
  report(cases, dropped, files.length, oldSha, newSha);
}

function report(cases: GitCase[], dropped: Map<string, number>, files: number, oldSha: string, newSha: string): void {
  const counts = new Map<string, number>();
  for (const c of cases) counts.set(c.category, (counts.get(c.category) ?? 0) + 1);
  const lines = [`${cases.length} cases from ${files} changed files, ${oldSha.slice(0, 7)}..${newSha.slice(0, 7)}`];
  for (const [category, n] of [...counts].sort()) lines.push(`  ${category.padEnd(20)} ${n}`);
  for (const [why, n] of dropped) lines.push(`  dropped: ${n} candidates (${why})`);
  process.stderr.write(lines.join('\n') + '\n');
}

try {
  main();
} catch (e) {
  process.stderr.write(`anchor-cases-from-git: ${(e as Error).message}\n`);
  process.exitCode = 1;
}
