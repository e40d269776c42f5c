/**
 * Where a path inside the workspace folder really leads once symbolic links are followed. The
 * lexical check (paths.ts) cannot see a link: `link/passwd` with `link -> /etc` is a plain relative
 * path. A feed path is checked here before its finding is shown, and its file again right before it
 * is read or hashed (see workspaceFiles.ts), so that nothing outside the folder is opened, hashed or
 * shown.
 *
 * Both sides are real paths: the folder's (it may itself be reached through a link) and the
 * target's. A path that does not exist yet has nothing to follow: the lexical check stands, and the
 * file is checked again when it is read. A broken link, a loop, or a place that cannot be looked at
 * is refused (it could lead anywhere once it resolves).
 *
 * Cost: the answers are cached per directory (its real path and, once, its listing), so a sync of
 * 100,000 findings in 20,000 files lists each of its directories once and asks nothing about each
 * file: a plain directory or file is known from its parent's listing, and only a link (realpath) or
 * a name the listing lacks (one lstat: usually not there yet) is asked about on its own. The cache lives until {@link RealPaths.forget} (each sync, each change
 * of folders): a link made between two syncs is seen at the next one, and before any read at once.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import type { URI } from 'vscode-uri';
import { checkRelativePath, resolveSegments, type PathResolution } from './paths';

/** What the check asks of the file system (synchronous: it runs inside the store's apply). */
export interface LinkFs {
  /** The real path; throws an error with `code` (ENOENT, ELOOP, EACCES...) when there is none. */
  realpath(path: string): string;
  /** Whether `path` itself (not what it points to) is a symbolic link; undefined when nothing is there. */
  isLink(path: string): boolean | undefined;
  /** The entries of a directory: name → whether it is a symbolic link. */
  list(dir: string): Map<string, boolean>;
}

export const nodeLinkFs: LinkFs = {
  realpath: (path) => fs.realpathSync.native(path),
  // No exception for the usual answer (nothing there yet): a throw costs five times the call.
  isLink: (path) => fs.lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink(),
  list: (dir) => new Map(fs.readdirSync(dir, { withFileTypes: true }).map((entry) => [entry.name, entry.isSymbolicLink()])),
};

/** What a directory turned out to be. */
type DirVerdict =
  { kind: 'inside'; real: string; entries?: Map<string, boolean> | null } | { kind: 'missing' } | { kind: 'refused'; reason: string };

const MISSING: DirVerdict = { kind: 'missing' };

export const LEADS_OUTSIDE = 'path leads out of the workspace folder through a symbolic link';

export class RealPaths {
  /** Per folder (its path as written): its real path, or null when it does not exist. */
  private readonly roots = new Map<string, string | null>();
  private readonly dirs = new Map<string, DirVerdict>();
  /** Per file: why it was refused, or '' when it was not. */
  private readonly files = new Map<string, string>();

  constructor(private readonly fsx: LinkFs = nodeLinkFs) {}

  /**
   * Why `file` (lexically inside `folder`: both absolute paths of this platform) really lies outside
   * the folder, or undefined when it does not, or does not exist yet.
   */
  refusal(folder: string, file: string): string | undefined {
    // Related locations are resolved again at each publish: a file once looked at is not again.
    const known = this.files.get(file);
    if (known !== undefined) return known === '' ? undefined : known;
    const refusal = this.lookAtFile(folder, file);
    this.files.set(file, refusal ?? '');
    return refusal;
  }

  private lookAtFile(folder: string, file: string): string | undefined {
    const root = this.root(folder);
    if (root === null) return undefined;
    const dir = this.dir(folder, root, nodePath.dirname(file));
    if (dir.kind === 'refused') return dir.reason;
    if (dir.kind === 'missing') return undefined;
    const name = nodePath.basename(file);
    const entries = this.entriesOf(nodePath.dirname(file), dir);
    const isLink = entries?.get(name);
    // Not named in the listing: nothing there, or another spelling of a name on a case-insensitive disk.
    if (isLink === false) return undefined;
    return this.followed(root, file, isLink === undefined);
  }

  /** Forgets every answer (a new sync, other folders): the next checks look again. */
  forget(): void {
    this.roots.clear();
    this.dirs.clear();
    this.files.clear();
  }

  private root(folder: string): string | null {
    let root = this.roots.get(folder);
    if (root === undefined) {
      try {
        root = this.fsx.realpath(folder);
      } catch {
        root = null;
      }
      this.roots.set(folder, root);
    }
    return root;
  }

  private dir(folder: string, root: string, dir: string): DirVerdict {
    let verdict = this.dirs.get(dir);
    if (verdict === undefined) {
      verdict = dir === folder ? { kind: 'inside', real: root } : this.lookAtDir(folder, root, dir);
      this.dirs.set(dir, verdict);
    }
    return verdict;
  }

  /**
   * A directory, from its parent's listing: a plain directory there is inside (its real path is
   * the parent's and its name: no call of its own); a link, or a name the listing lacks (absent,
   * or spelled otherwise on a case-insensitive disk), is looked at alone. An absent directory costs
   * one lstat, never a thrown ENOENT (an exception costs five times the call).
   */
  private lookAtDir(folder: string, root: string, dir: string): DirVerdict {
    const parent = nodePath.dirname(dir);
    // Outside the folder as written: the lexical check refused it already; never look there.
    if (parent === dir || !isWithin(folder, dir)) return { kind: 'refused', reason: 'path resolves outside the workspace folder' };
    const above = this.dir(folder, root, parent);
    if (above.kind !== 'inside') return above;
    const name = nodePath.basename(dir);
    const listed = this.entriesOf(parent, above)?.get(name);
    if (listed === false) return { kind: 'inside', real: nodePath.join(above.real, name) };
    if (listed === undefined) {
      try {
        if (this.fsx.isLink(dir) === undefined) return MISSING;
      } catch (error) {
        return isAbsent(error) ? MISSING : unreadable(error);
      }
    }
    try {
      const real = this.fsx.realpath(dir);
      return isWithin(root, real) ? { kind: 'inside', real } : { kind: 'refused', reason: LEADS_OUTSIDE };
    } catch (error) {
      return isAbsent(error) ? { kind: 'refused', reason: 'path goes through a broken symbolic link' } : unreadable(error);
    }
  }

  /**
   * The real path of an entry the listing says is a link, checked. An entry it does not name is
   * looked at on its own first: usually it is not there (fine: nothing to follow), but a
   * case-insensitive or normalising disk may list it under another spelling.
   */
  private followed(root: string, file: string, unlisted: boolean): string | undefined {
    if (unlisted) {
      try {
        if (this.fsx.isLink(file) !== true) return undefined;
      } catch (error) {
        return isAbsent(error) ? undefined : unreadable(error).reason;
      }
    }
    try {
      return isWithin(root, this.fsx.realpath(file)) ? undefined : LEADS_OUTSIDE;
    } catch (error) {
      return isAbsent(error) ? 'path is a broken symbolic link' : unreadable(error).reason;
    }
  }

  private entriesOf(dir: string, verdict: Extract<DirVerdict, { kind: 'inside' }>): Map<string, boolean> | null {
    if (verdict.entries === undefined) {
      try {
        verdict.entries = this.fsx.list(dir);
      } catch {
        verdict.entries = null;
      }
    }
    return verdict.entries;
  }
}

/** True when `path` is `root` or inside it (both absolute, of this platform; case-insensitive where the platform is). */
export function isWithin(root: string, path: string): boolean {
  const relative = nodePath.relative(root, path);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${nodePath.sep}`) && !nodePath.isAbsolute(relative));
}

function isAbsent(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function unreadable(error: unknown): Extract<DirVerdict, { kind: 'refused' }> {
  const code = (error as { code?: unknown } | null)?.code;
  return { kind: 'refused', reason: `path cannot be checked for symbolic links (${typeof code === 'string' ? code : 'error'})` };
}

/**
 * A feed path resolved in `folder`: the lexical check first (paths.ts), then, for a `file:` folder,
 * where its links really lead. Refused either way with the reason.
 */
export function resolveInWorkspace(folder: URI, path: string, real: RealPaths): PathResolution {
  const checked = checkRelativePath(path);
  if (!checked.ok) return checked;
  const lexical = resolveSegments(folder, checked.segments);
  if (!lexical.ok || folder.scheme !== 'file') return lexical;
  const folderPath = folder.fsPath;
  const refusal = real.refusal(folderPath, nodePath.join(folderPath, ...checked.segments));
  return refusal === undefined ? lexical : { ok: false, reason: refusal };
}
