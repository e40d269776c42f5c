/**
 * The file at a finding's commit, from the workspace's git repository: `git show <commit>:<path>`,
 * once per (commit, path), following renames made since the commit. The engine itself never runs
 * git; the server asks this module and hands the text to the engine as `base`.
 *
 * Commit ids and paths come from the feed: a commit must be a hex object id and a path must be
 * relative, so neither can ever be read by git as an option. Git runs without a shell.
 */
import { execFile } from 'node:child_process';

/** Runs git with `args` in `cwd`; never rejects: a failure is a non-zero `code`. */
export type GitRunner = (args: string[], cwd: string) => Promise<{ code: number; stdout: string }>;

/** How long one git command may run before it is stopped (and counts as failed). */
export const GIT_TIMEOUT_MS = 30_000;

/**
 * The real runner: `git` from PATH, no shell, 64 MB of output at most, stopped after
 * {@link GIT_TIMEOUT_MS}. GIT_OPTIONAL_LOCKS=0: a `git diff` in the background must not take the
 * index lock that the user's own git commands need (it would only refresh the index's stat cache).
 */
export const nodeGitRunner: GitRunner = (args, cwd) =>
  new Promise((resolve) => {
    const options = {
      cwd,
      maxBuffer: 64 * 1024 * 1024,
      encoding: 'utf8',
      timeout: GIT_TIMEOUT_MS,
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
    } as const;
    execFile('git', args, options, (error, stdout) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout: stdout ?? '' });
    });
  });

/** Runs git with `args` in `cwd`, `input` written to its stdin; never rejects. The output as bytes (sizes in git's answers are bytes). */
export type GitBatchRunner = (args: string[], cwd: string, input: string) => Promise<{ code: number; stdout: Buffer }>;

/** The real batch runner: as {@link nodeGitRunner}, with 256 MB of output at most. */
export const nodeGitBatchRunner: GitBatchRunner = (args, cwd, input) =>
  new Promise((resolve) => {
    const options = {
      cwd,
      maxBuffer: 256 * 1024 * 1024,
      encoding: 'buffer',
      timeout: GIT_TIMEOUT_MS,
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
    } as const;
    const child = execFile('git', args, options, (error, stdout) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout: stdout ?? Buffer.alloc(0) });
    });
    child.stdin?.on('error', () => undefined); // git gone before reading it all: the callback says so
    child.stdin?.end(input);
  });

/**
 * The blobs of `git cat-file --batch` output, one per input line: the text of each, or undefined
 * when git says it is missing (or it is not a blob). Stops at output it cannot read.
 */
export function parseCatFileBatch(out: Buffer, count: number): Array<string | undefined> {
  const texts: Array<string | undefined> = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    const end = out.indexOf(10, at);
    if (end < 0) break;
    const [, type, size] = out.toString('utf8', at, end).split(' ');
    const bytes = Number(size);
    if (type === undefined || size === undefined || !Number.isInteger(bytes)) {
      texts.push(undefined); // "<object> missing" (or ambiguous): a header line only
      at = end + 1;
      continue;
    }
    texts.push(type === 'blob' ? out.toString('utf8', end + 1, end + 1 + bytes) : undefined);
    at = end + 1 + bytes + 1;
  }
  return texts;
}

const COMMIT = /^[0-9a-fA-F]{4,64}$/;

/** Whether the feed's commit is a hex object id (never an option, a range or a ref name). */
export function isCommitId(commit: string): boolean {
  return COMMIT.test(commit);
}

/** Whether the feed's commit and path are safe to hand to git. */
export function isSafeRequest(commit: string, path: string): boolean {
  return (
    isCommitId(commit) &&
    path !== '' &&
    !path.startsWith('-') &&
    !path.startsWith('/') &&
    !path.includes('\0') &&
    !path.split('/').includes('..')
  );
}

/** Renames since a commit, both ways: path then → path now, and path now → path then. */
export interface Renames {
  toCurrent: Map<string, string>;
  toThen: Map<string, string>;
}

/** Parses `git diff --name-status -M` output: `R<score>\told\tnew` lines. */
export function parseRenames(output: string): Renames {
  const renames: Renames = { toCurrent: new Map(), toThen: new Map() };
  for (const line of output.split('\n')) {
    const [status, from, to] = line.split('\t');
    if (!status?.startsWith('R') || !from || !to) continue;
    renames.toCurrent.set(from, to);
    renames.toThen.set(to, from);
  }
  return renames;
}

/** The files of one repository as they were at findings' commits, cached. */
export class BaseTexts {
  private readonly texts = new Map<string, Promise<string | undefined>>();
  private readonly renames = new Map<string, Promise<Renames>>();

  constructor(
    private readonly root: string,
    private readonly run: GitRunner = nodeGitRunner,
    private readonly runBatch: GitBatchRunner = nodeGitBatchRunner,
  ) {}

  /**
   * Asks git for many (commit, path) texts at once (one `git cat-file --batch`, instead of a
   * `git show` each: spawning a process from a big server costs more than the answer), and keeps
   * those found for {@link textAt}. Those not found (a rename since, say) are left to it.
   */
  async prefetch(requests: ReadonlyArray<{ commit: string; path: string }>): Promise<void> {
    const wanted = new Map<string, { commit: string; path: string }>();
    for (const r of requests) {
      const key = `${r.commit}\0${r.path}`;
      if (!this.texts.has(key) && isSafeRequest(r.commit, r.path) && !r.path.includes('\n')) wanted.set(key, r);
    }
    if (wanted.size === 0) return;
    const asked = [...wanted];
    const { code, stdout } = await this.runBatch(
      ['cat-file', '--batch'],
      this.root,
      asked.map(([, r]) => `${r.commit}:${r.path}\n`).join(''),
    );
    if (code !== 0) return;
    const texts = parseCatFileBatch(stdout, asked.length);
    texts.forEach((text, i) => {
      if (text !== undefined && !this.texts.has(asked[i]![0])) this.texts.set(asked[i]![0], Promise.resolve(text));
    });
  }

  /**
   * The text of `path` at `commit`, or undefined when the repository lacks the commit or the file.
   * `path` may be the path at the commit (as feeds report it) or the path now (after a rename).
   */
  textAt(commit: string, path: string): Promise<string | undefined> {
    const key = `${commit}\0${path}`;
    let text = this.texts.get(key);
    if (!text) this.texts.set(key, (text = this.load(commit, path)));
    return text;
  }

  /** Where the file that was `path` at `commit` is now (the same path when it was not renamed). */
  async currentPathOf(commit: string, path: string): Promise<string> {
    if (!isSafeRequest(commit, path)) return path;
    return (await this.renamesSince(commit)).toCurrent.get(path) ?? path;
  }

  /** Forgets everything (after a checkout or a fetch, say). */
  clear(): void {
    this.texts.clear();
    this.renames.clear();
  }

  private async load(commit: string, path: string): Promise<string | undefined> {
    if (!isSafeRequest(commit, path)) return undefined;
    const direct = await this.show(commit, path);
    if (direct !== undefined) return direct;
    const then = (await this.renamesSince(commit)).toThen.get(path);
    return then === undefined ? undefined : this.show(commit, then);
  }

  private async show(commit: string, path: string): Promise<string | undefined> {
    const { code, stdout } = await this.run(['show', `${commit}:${path}`], this.root);
    return code === 0 ? stdout : undefined;
  }

  private renamesSince(commit: string): Promise<Renames> {
    let renames = this.renames.get(commit);
    if (!renames) {
      // Against the working tree, so a `git mv` not yet committed is followed too.
      renames = this.run(['diff', '--name-status', '-M', commit, '--'], this.root).then(({ code, stdout }) =>
        code === 0 ? parseRenames(stdout) : { toCurrent: new Map(), toThen: new Map() },
      );
      this.renames.set(commit, renames);
    }
    return renames;
  }
}
