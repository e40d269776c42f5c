/**
 * The feed a bench size runs against: the generated seed written to a file, the reference feed
 * (`node dist/feed.js`) started on a copy of a seeded database, and the workspace folder with the
 * hot file on disk. Seeding 100,000 findings takes a while, so the seeded database is kept in
 * bench-results/cache (keyed by size, seed and generator) and copied for each run, since the
 * incremental step changes it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import type { GeneratedFeed } from './generate';

export const PROJECT = 'monorepo';
export const TOKEN = 'bench-token-dana-0001';
export const ADMIN_TOKEN = 'bench-admin-token-0001';
export const PAGE_SIZE = 1000;

/** A reference feed process that is listening. */
export interface FeedProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Writes the seed file one finding at a time (no giant string), returns its path. */
export function writeSeed(feed: GeneratedFeed, file: string): void {
  const fd = openSync(file, 'w');
  try {
    const head = {
      adminToken: ADMIN_TOKEN,
      users: [{ id: 'dana', name: 'Dana Developer', role: 'developer', token: TOKEN }],
      projects: [{ id: PROJECT, name: 'A large monorepo' }],
    };
    writeSync(fd, `${JSON.stringify(head).slice(0, -1)},"findings":[`);
    feed.findings.forEach((f, i) => writeSync(fd, (i === 0 ? '' : ',\n') + JSON.stringify(f)));
    writeSync(fd, ']}\n');
  } finally {
    closeSync(fd);
  }
}

/** Writes the workspace folder (the hot file only: diagnostics need no file on disk). */
export function writeWorkspace(feed: GeneratedFeed, dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  if (!feed.hot) return;
  const file = path.join(dir, ...feed.hot.path.split('/'));
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, feed.hot.text);
}

/**
 * A key that changes when the generator or the feed code changes, so a stale cached database is
 * never used. A variant (the editor bench's layout) names its own files and gets its own key.
 */
export function fixtureKey(root: string, size: number, seed: number, variant?: { name: string; files: string[] }): string {
  const hash = createHash('sha256');
  for (const f of [
    ...(variant?.files ?? []),
    'bench/generate.ts',
    'src/feed/seed.ts',
    'src/feed/findingBody.ts',
    'src/feed/storage/sqliteMigrations.ts',
    'src/feed/storage/findingsTable.ts',
    'src/feed/storage/sqlite.ts',
  ])
    hash.update(readFileSync(path.join(root, f)));
  return `${variant ? `${variant.name}-` : ''}${size}-${seed}-${hash.digest('hex').slice(0, 12)}`;
}

/**
 * Starts `node <feedJs>` (the reference feed bundle) on `dbPath`, seeding it from `seedPath` when
 * empty. `onLine` hears each line the feed logs (one per request, as it is answered). Without a rate
 * limit: the bench measures what the feed can serve.
 */
export async function startFeedProcess(
  feedJs: string,
  dbPath: string,
  seedPath: string | undefined,
  onLine?: (line: string) => void,
  extraArgs: readonly string[] = [],
): Promise<FeedProcess> {
  const args = [feedJs, '--port', '0', '--db', dbPath, '--page-size', String(PAGE_SIZE), '--rate-limit', '0', ...extraArgs];
  if (seedPath) args.push('--seed', seedPath);
  const child = spawn(process.execPath, ['--max-old-space-size=4096', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    // The feed logs one line per request; keep only the tail for error messages.
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  if (onLine) createInterface({ input: child.stderr! }).on('line', onLine);
  const line = await firstLine(child, () => stderr);
  const { url } = JSON.parse(line) as { url: string };
  return { url, pid: child.pid!, stop: () => stopChild(child) };
}

/** The seeded database for this size, made once and copied to `workDb` for this run. */
export async function preparedDatabase(
  feedJs: string,
  cacheDir: string,
  key: string,
  seedFile: () => string,
  workDb: string,
): Promise<{ seededMs: number | null }> {
  mkdirSync(cacheDir, { recursive: true });
  const pristine = path.join(cacheDir, `feed-${key}.db`);
  let seededMs: number | null = null;
  if (!existsSync(pristine)) {
    const started = performance.now();
    const temp = `${pristine}.tmp`;
    removeDatabase(temp);
    const feed = await startFeedProcess(feedJs, temp, seedFile());
    await feed.stop();
    // The feed may leave its write-ahead log beside the file: the copy takes both.
    copyDatabase(temp, pristine);
    removeDatabase(temp);
    seededMs = performance.now() - started;
  }
  removeDatabase(workDb);
  copyDatabase(pristine, workDb);
  return { seededMs };
}

const SQLITE_SIDE_FILES = ['', '-wal', '-shm'];

function copyDatabase(from: string, to: string): void {
  for (const suffix of SQLITE_SIDE_FILES) if (existsSync(from + suffix)) copyFileSync(from + suffix, to + suffix);
}

function removeDatabase(file: string): void {
  for (const suffix of SQLITE_SIDE_FILES) rmSync(file + suffix, { force: true });
}

function firstLine(child: ChildProcess, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      lines.close();
      resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`the feed exited (${code}) before listening:\n${stderr()}`)));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
