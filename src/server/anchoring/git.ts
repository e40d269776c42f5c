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
  ) {}

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
