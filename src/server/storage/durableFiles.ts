/**
 * Durable files (the outbox, the findings cache): each write goes to a temporary file, is fsynced, renamed over the
 * target and the directory is fsynced, so that a reader (another window, or this one after a
 * crash) sees either the old content or the new one, never half of either.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * Writes `text` to `file` atomically and durably. `text` may come in pieces (a large cache is
 * written chunk by chunk, never as one giant string); a failed write leaves no temporary file.
 */
export async function writeFileAtomic(file: string, text: string | Iterable<string | Buffer>): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  const handle = await fs.open(tmp, 'w', 0o600);
  try {
    for (const piece of typeof text === 'string' ? [text] : text)
      if (typeof piece === 'string') await handle.write(piece, null, 'utf8');
      else await handle.write(piece);
    await handle.sync();
  } catch (err) {
    await handle.close();
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  try {
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await syncDirectory(path.dirname(file));
}

/** Makes a rename or an unlink in `dir` durable. Some platforms (Windows) cannot open a directory: that is fine. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Directory fsync is not supported everywhere; the rename itself is still atomic.
  } finally {
    await handle?.close();
  }
}

/** The text of `file`, or undefined when it does not exist (removed meanwhile by another window). */
export async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return undefined;
    throw err;
  }
}

/** True when `err` is a Node system error with that code. */
export function isErrno(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as NodeJS.ErrnoException).code === code;
}

/** A temporary file left by a writer that died before its rename. */
export function isLeftoverTemp(name: string): boolean {
  return /\.tmp-\d+-[0-9a-f]+$/.test(name);
}
