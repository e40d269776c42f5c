/**
 * The project's workspace folder as one session sees it: where the feed's paths lead (lexically,
 * then through symbolic links, with the links' answers kept until the next sync or change of
 * folders), its files read safely (the real path checked again at the read), and its repository's
 * files at a finding's commit. The folder itself is asked for each time: the workspace's folders
 * and the projectFolders setting can change during a session.
 */
import type { URI } from 'vscode-uri';
import type { FindingCore } from '../findings/store';
import type { ChangedFiles } from './changedFiles';
import type { GitBases } from './gitBases';
import type { PathResolution } from './paths';
import { RealPaths, resolveInWorkspace } from './realPaths';
import { MAX_FILE_BYTES, nodeReadFs, readInsideFolder } from './workspaceFiles';

export class ProjectFiles {
  private readonly realPaths = new RealPaths();

  constructor(
    private readonly folder: () => URI | undefined,
    private readonly gitBases: GitBases,
  ) {}

  /** A feed path as a file URI inside the folder, or why it is refused. */
  resolve(path: string): PathResolution {
    const folder = this.folder();
    if (!folder) return { ok: false, reason: 'no workspace folder for this project' };
    return resolveInWorkspace(folder, path, this.realPaths);
  }

  /** The feed path of a file URI inside the folder (as the feed names it: relative, forward slashes), or undefined. */
  pathOf(uri: string): string | undefined {
    const folder = this.folder()?.toString().replace(/\/+$/, '');
    if (folder === undefined || !uri.startsWith(`${folder}/`)) return undefined;
    try {
      const path = decodeURIComponent(uri.slice(folder.length + 1));
      return path === '' || path.split('/').includes('..') ? undefined : path;
    } catch {
      return undefined;
    }
  }

  /** Links may have changed (a sync, a cache load) or the folder may be another: look again. */
  lookAgain(): void {
    this.realPaths.forget();
  }

  /** A file of the folder, read only when its real path is inside the folder's (checked at the read). */
  read(uri: string, maxBytes = MAX_FILE_BYTES): Promise<string | undefined> {
    return readInsideFolder(this.folder(), uri, nodeReadFs, maxBytes);
  }

  /** Asks the repository for these findings' files at their commits at once, before {@link atCommit} is asked for each. */
  async prefetchAtCommit(findings: readonly FindingCore[]): Promise<void> {
    const folder = this.folder();
    const requests = findings.flatMap((f) => (f.commit === undefined ? [] : [{ commit: f.commit, path: f.location.path }]));
    if (folder && requests.length > 0) await this.gitBases.prefetch(folder.toString(), requests);
  }

  /** Which files differ now from each of `commits`, as the folder's repository says; undefined without one. */
  async changedFiles(commits: readonly string[]): Promise<ChangedFiles | undefined> {
    const folder = this.folder();
    return folder ? this.gitBases.changedFiles(folder.toString(), commits) : undefined;
  }

  /** The finding's file at its commit, from the folder's repository, when it has it. */
  async atCommit(finding: FindingCore): Promise<string | undefined> {
    return finding.commit === undefined ? undefined : this.fileAtCommit(finding.commit, finding.location.path);
  }

  /** A file (a feed path) at a commit, from the folder's repository, when it has it. */
  async fileAtCommit(commit: string, path: string): Promise<string | undefined> {
    const folder = this.folder();
    if (!folder) return undefined;
    return this.gitBases.textAt(folder.toString(), commit, path);
  }
}
