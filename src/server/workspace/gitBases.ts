/**
 * The files as they were at findings' commits, for the anchor engine, from the project folder's git
 * repository. Feed paths are relative to the repository root, so the folder is used only when it IS
 * the root of a repository: a folder inside a bigger repository (or no repository at all) gives no
 * base texts, and the engine anchors by snippet and line hash alone.
 */
import { realpath } from 'node:fs/promises';
import { URI } from 'vscode-uri';
import { BaseTexts, nodeGitRunner, type GitRunner } from '../anchoring';
import { changedFiles, type ChangedFiles } from './changedFiles';

/** The base texts of one folder's repository, or undefined when the folder is not a repository root. */
export class GitBases {
  private readonly byFolder = new Map<string, Promise<BaseTexts | undefined>>();
  private readonly roots = new Map<string, Promise<string | undefined>>();

  constructor(private readonly run: GitRunner = nodeGitRunner) {}

  /** The text of `path` at `commit` in the repository at `folderUri`, or undefined. Never rejects. */
  async textAt(folderUri: string, commit: string, path: string): Promise<string | undefined> {
    const texts = await this.of(folderUri);
    return texts?.textAt(commit, path).catch(() => undefined);
  }

  /**
   * Which files differ now from each of `commits` (see changedFiles.ts); undefined when the folder
   * is not the root of a repository (or git is missing). Asked anew each time: the files change.
   */
  async changedFiles(folderUri: string, commits: readonly string[]): Promise<ChangedFiles | undefined> {
    const root = await this.rootOf(folderUri);
    return root === undefined ? undefined : changedFiles(root, commits, this.run);
  }

  /** Asks for many files at findings' commits at once (see BaseTexts.prefetch); never rejects. */
  async prefetch(folderUri: string, requests: ReadonlyArray<{ commit: string; path: string }>): Promise<void> {
    const texts = await this.of(folderUri);
    await texts?.prefetch(requests).catch(() => undefined);
  }

  /** Forgets every repository (after folders change, say). */
  clear(): void {
    this.byFolder.clear();
    this.roots.clear();
  }

  private of(folderUri: string): Promise<BaseTexts | undefined> {
    let texts = this.byFolder.get(folderUri);
    if (!texts) {
      texts = this.rootOf(folderUri).then((root) => (root === undefined ? undefined : new BaseTexts(root, this.run)));
      this.byFolder.set(folderUri, texts);
    }
    return texts;
  }

  /** The folder's path when it is the root of a git repository, else undefined. */
  private rootOf(folderUri: string): Promise<string | undefined> {
    let root = this.roots.get(folderUri);
    if (!root) this.roots.set(folderUri, (root = this.findRoot(folderUri)));
    return root;
  }

  private async findRoot(folderUri: string): Promise<string | undefined> {
    const folder = URI.parse(folderUri);
    if (folder.scheme !== 'file') return undefined;
    const { code, stdout } = await this.run(['rev-parse', '--show-toplevel'], folder.fsPath);
    if (code !== 0) return undefined;
    const [top, here] = await Promise.all([realpath(stdout.trim()).catch(() => ''), realpath(folder.fsPath).catch(() => undefined)]);
    return top === here ? folder.fsPath : undefined;
  }
}
