/**
 * Reading a workspace file for a finding (to hash the code a decision is pinned to), checked right
 * before it is opened: the folder's and the file's real paths are resolved and the file must be
 * inside the folder. The check at sync time (realPaths.ts) may be older than a link made since, or
 * may have passed a file that did not exist yet; this one is made at the moment of the read, and
 * the file opened is the resolved one, without following a link again.
 *
 * A file bigger than {@link MAX_FILE_BYTES} is not read: the feed chooses which files are hashed
 * (any finding can carry a pinned decision), and it must not make the server load a huge one.
 */
import { constants, promises as fs } from 'node:fs';
import { URI } from 'vscode-uri';
import { isWithin } from './realPaths';

/** The largest file read to hash a finding's code (bytes). */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** What a read needs from the file system (the real one by default; tests watch what is opened). */
export interface ReadFs {
  realpath(path: string): Promise<string>;
  /** Opens without following a link at the last step; reads at most `maxBytes`, else undefined. */
  readFile(path: string, maxBytes: number): Promise<string | undefined>;
}

export const nodeReadFs: ReadFs = {
  realpath: (path) => fs.realpath(path),
  async readFile(path, maxBytes) {
    // O_NOFOLLOW: the path is already resolved; a link put there since is not followed. Absent on Windows.
    const handle = await fs.open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    try {
      const stat = await handle.stat();
      if (!stat.isFile() || stat.size > maxBytes) return undefined;
      return await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  },
};

/**
 * The text of the file at `uri`, when it is a `file:` URI whose real path is inside the real path of
 * `folder` (a `file:` URI too); undefined otherwise, and when it cannot be read or is too big.
 */
export async function readInsideFolder(
  folder: URI | undefined,
  uri: string,
  fsx: ReadFs = nodeReadFs,
  maxBytes = MAX_FILE_BYTES,
): Promise<string | undefined> {
  const file = URI.parse(uri);
  if (!folder || folder.scheme !== 'file' || file.scheme !== 'file') return undefined;
  if (!isWithin(folder.fsPath, file.fsPath) || folder.fsPath === file.fsPath) return undefined;
  try {
    const [root, real] = await Promise.all([fsx.realpath(folder.fsPath), fsx.realpath(file.fsPath)]);
    if (!isWithin(root, real) || root === real) return undefined;
    return await fsx.readFile(real, maxBytes);
  } catch {
    return undefined;
  }
}
