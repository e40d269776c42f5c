/**
 * Reading the files the results name from the checkout, to add what the feed cannot compute
 * (src/feed/sarif/enrich.ts). A path is resolved to its real path first and read only when that
 * is a regular file inside the checkout's real root: a symbolic link out of the checkout is not
 * followed. Files past a size bound are not read (their results keep what the log says).
 */
import { realpathSync, readFileSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { SourceFiles } from '../sarif/enrich';

const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** True when `path` is a folder (a checkout's root must be). */
export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function checkoutFiles(root: string): SourceFiles {
  const realRoot = realpathSync(root);
  const inside = realRoot.endsWith(sep) ? realRoot : realRoot + sep;
  return (path) => {
    try {
      const real = realpathSync(join(realRoot, ...path.split('/')));
      if (!real.startsWith(inside)) return undefined;
      const stat = statSync(real);
      if (!stat.isFile() || stat.size > MAX_FILE_BYTES) return undefined;
      return readFileSync(real, 'utf8');
    } catch {
      return undefined;
    }
  };
}
