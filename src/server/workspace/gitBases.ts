/**
 * The files as they were at findings' commits, for the anchor engine, from the project folder's git
 * repository. Feed paths are relative to the repository root, so the folder is used only when it IS
 * the root of a repository: a folder inside a bigger repository (or no repository at all) gives no
 * base texts, and the engine anchors by snippet and line hash alone.
 */
import { realpath } from 'node:fs/promises';
import { URI } from 'vscode-uri';
import { BaseTexts, nodeGitRunner, type GitRunner } from '../anchoring';

/** The base texts of one folder's repository, or undefined when the folder is not a repository root. */
export class GitBases {
  private readonly byFolder = new Map<string, Promise<BaseTexts | undefined>>();

  constructor(private readonly run: GitRunner = nodeGitRunner) {}

  /** The text of `path` at `commit` in the repository at `folderUri`, or undefined. Never rejects. */
  async textAt(folderUri: string, commit: string, path: string): Promise<string | undefined> {
    const texts = await this.of(folderUri);
    return texts?.textAt(commit, path).catch(() => undefined);
  }

  /** Forgets every repository (after folders change, say). */
  clear(): void {
    this.byFolder.clear();
  }

  private of(folderUri: string): Promise<BaseTexts | undefined> {
    let texts = this.byFolder.get(folderUri);
    if (!texts) this.byFolder.set(folderUri, (texts = this.open(folderUri)));
    return texts;
  }

  private async open(folderUri: string): Promise<BaseTexts | undefined> {
    const folder = URI.parse(folderUri);
    if (folder.scheme !== 'file') return undefined;
    const { code, stdout } = await this.run(['rev-parse', '--show-toplevel'], folder.fsPath);
    if (code !== 0) return undefined;
    const [top, here] = await Promise.all([realpath(stdout.trim()).catch(() => ''), realpath(folder.fsPath).catch(() => undefined)]);
    return top === here ? new BaseTexts(folder.fsPath, this.run) : undefined;
  }
}
