/**
 * Which files of the repository differ now from findings' commits, as git says: for each commit,
 * `git diff --name-only <commit>` (the commit against the working tree: committed since, staged or
 * not), plus the files git does not track (`git ls-files --others --exclude-standard`). Git
 * compares contents, not times, so a file touched but unchanged is not listed.
 *
 * This is what keeps re-anchoring closed files proportional to what changed: the files git lists,
 * not the files the feed names. A commit git cannot answer for (a shallow clone that lacks it, a
 * commit of another repository, an id that is not one) is said so, and its findings' files are
 * checked another way (see views/closedFiles.ts).
 */
import { isCommitId, type GitRunner } from '../anchoring/git';

/** What git said about one commit: the paths (relative to the repository root) that differ now, or why it could not say. */
export type ChangedSince = { known: true; paths: ReadonlySet<string> } | { known: false; why: string };

/** What git said about findings' commits. */
export interface ChangedFiles {
  byCommit: Map<string, ChangedSince>;
  /** Files git does not track (empty when git could not list them). */
  untracked: ReadonlySet<string>;
}

/** Paths in git's `-z` output (NUL-separated, no quoting). */
export function pathsOf(output: string): Set<string> {
  const paths = new Set<string>();
  for (const path of output.split('\0')) if (path !== '') paths.add(path);
  return paths;
}

/** The files that differ from `commit` now in the repository at `root`. Never rejects. */
export async function changedSince(root: string, commit: string, run: GitRunner): Promise<ChangedSince> {
  if (!isCommitId(commit)) return { known: false, why: `"${commit.slice(0, 80)}" is not a commit id` };
  // --no-renames: a file renamed since is listed under both names, so its findings (at the old path) are seen.
  const { code, stdout } = await run(['diff', '--name-only', '--no-renames', '-z', commit, '--'], root);
  if (code !== 0) return { known: false, why: `git does not know commit ${commit.slice(0, 12)} (a shallow clone?)` };
  return { known: true, paths: pathsOf(stdout) };
}

/** What git says about each of `commits` (asked one after the other: git is not run many times at once), and the untracked files. */
export async function changedFiles(root: string, commits: readonly string[], run: GitRunner): Promise<ChangedFiles> {
  const byCommit = new Map<string, ChangedSince>();
  for (const commit of commits) byCommit.set(commit, await changedSince(root, commit, run));
  const others = await run(['ls-files', '--others', '--exclude-standard', '-z'], root);
  return { byCommit, untracked: others.code === 0 ? pathsOf(others.stdout) : new Set() };
}
