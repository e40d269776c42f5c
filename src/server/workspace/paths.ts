/**
 * Turning a feed path into a file URI inside the project's workspace folder.
 *
 * The feed is a partner system: its paths are untrusted. A path is accepted only if it is plainly
 * relative, uses forward slashes, and stays inside the folder once joined. Everything else is
 * rejected with a reason (the caller logs it with the finding id and counts it), never guessed at.
 */
import { URI, Utils } from 'vscode-uri';

/** A workspace folder as the client announced it in `initialize`. */
export interface WorkspaceFolderRef {
  uri: string;
  name: string;
}

/** The result of resolving one feed path. */
export type PathResolution = { ok: true; uri: string } | { ok: false; reason: string };

const DRIVE_LETTER = /^[A-Za-z]:/;
/** Longer than any file system takes (PATH_MAX is 4,096 on Linux): a feed that sends more is probing. */
export const MAX_PATH_CHARS = 4096;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
const DOTS_ONLY = /^\.+$/;

/**
 * Checks that `path` is a plain relative path and returns its segments, or why it was refused.
 * Dots-only segments (`.`, `..`, `...`) and empty segments (`a//b`) are refused rather than
 * normalised: a feed that sends them is either broken or probing, and neither should be guessed.
 */
export function checkRelativePath(path: string): { ok: true; segments: string[] } | { ok: false; reason: string } {
  if (path.length === 0) return { ok: false, reason: 'empty path' };
  if (path.length > MAX_PATH_CHARS) return { ok: false, reason: `path longer than ${MAX_PATH_CHARS} characters` };
  if (path.includes('\u0000')) return { ok: false, reason: 'NUL character in path' };
  if (CONTROL_CHARS.test(path)) return { ok: false, reason: 'control character in path' };
  if (path.includes('\\')) return { ok: false, reason: 'backslash in path' };
  if (path.startsWith('/')) return { ok: false, reason: 'absolute path' };
  if (DRIVE_LETTER.test(path)) return { ok: false, reason: 'absolute path (drive letter)' };
  const segments = path.split('/');
  for (const segment of segments) {
    if (segment === '') return { ok: false, reason: 'empty path segment' };
    if (DOTS_ONLY.test(segment)) return { ok: false, reason: `"${segment}" segment in path` };
  }
  return { ok: true, segments };
}

/** True when `child` is strictly inside `folder` (same scheme and authority; paths compared case-sensitively). */
export function isInside(child: URI, folder: URI): boolean {
  if (child.scheme !== folder.scheme || child.authority !== folder.authority) return false;
  const base = folder.path.endsWith('/') ? folder.path : `${folder.path}/`;
  return child.path.startsWith(base) && child.path.length > base.length;
}

/** Resolves a feed path inside `folder`, or says why it was refused. */
export function resolveInFolder(folder: URI, path: string): PathResolution {
  const checked = checkRelativePath(path);
  return checked.ok ? resolveSegments(folder, checked.segments) : checked;
}

/** The segments of a checked relative path (see {@link checkRelativePath}) joined inside `folder`. */
export function resolveSegments(folder: URI, segments: readonly string[]): PathResolution {
  const joined = Utils.joinPath(folder, ...segments);
  if (!isInside(joined, folder)) return { ok: false, reason: 'path resolves outside the workspace folder' };
  return { ok: true, uri: joined.toString() };
}

/**
 * The folder findings of `project` live in: `projectFolders[project]` names a workspace folder (by
 * its name, or its path / URI), else the first workspace folder. Undefined when there is none.
 */
export function projectFolder(
  project: string,
  projectFolders: Readonly<Record<string, string>>,
  folders: readonly WorkspaceFolderRef[],
): URI | undefined {
  const wanted = projectFolders[project];
  if (wanted === undefined || wanted === '') return folders[0] ? URI.parse(folders[0].uri) : undefined;
  const byName = folders.find((f) => f.name === wanted);
  if (byName) return URI.parse(byName.uri);
  const wantedUri = /^[a-z][a-z0-9+.-]+:\/\//i.test(wanted) ? URI.parse(wanted) : URI.file(wanted);
  const byPath = folders.find((f) => URI.parse(f.uri).toString() === wantedUri.toString());
  if (byPath) return URI.parse(byPath.uri);
  // A path that names no workspace folder: an absolute one is taken as given (another LSP editor
  // may not announce folders); a relative one is looked up inside the first folder, safely.
  if (wanted.startsWith('/') || DRIVE_LETTER.test(wanted)) return wantedUri;
  if (!folders[0]) return undefined;
  const inside = resolveInFolder(URI.parse(folders[0].uri), wanted);
  return inside.ok ? URI.parse(inside.uri) : undefined;
}

/** The workspace folders from `initialize`: `workspaceFolders`, else `rootUri`, else `rootPath`. */
export function foldersFromInitialize(params: {
  workspaceFolders?: readonly WorkspaceFolderRef[] | null;
  rootUri?: string | null;
  rootPath?: string | null;
}): WorkspaceFolderRef[] {
  if (params.workspaceFolders && params.workspaceFolders.length > 0) return [...params.workspaceFolders];
  const root = params.rootUri ? URI.parse(params.rootUri) : params.rootPath ? URI.file(params.rootPath) : undefined;
  if (!root) return [];
  return [{ uri: root.toString(), name: Utils.basename(root) }];
}
