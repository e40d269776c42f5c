/**
 * The outbox folder: `<storagePath>/outbox/<hash of feed base URL and project>/<id>.json`, one file
 * per entry. One file per entry means two windows never lose each other's writes to a shared
 * read-modify-write file; the folder per feed and project keeps decisions meant for one feed from
 * ever being sent to another.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { OutboxEntry } from './entry';
import { isErrno, isLeftoverTemp, readIfExists, syncDirectory, writeFileAtomic } from '../storage/durableFiles';

/** The folder of the outbox for one feed and project. `feedBase` is the normalised feed base URL. */
export function outboxFolder(storagePath: string, feedBase: string, project: string): string {
  const key = createHash('sha256')
    .update(`${feedBase.replace(/\/+$/, '')}\n${project}`)
    .digest('hex')
    .slice(0, 20);
  return path.join(storagePath, 'outbox', key);
}

const ENTRY_FILE = /^[0-9a-f-]{36}\.json$/;

function entryFile(dir: string, id: string): string {
  return path.join(dir, `${id}.json`);
}

/** Writes one entry durably (temporary file, fsync, rename, fsync of the folder). */
export async function writeEntry(dir: string, entry: OutboxEntry): Promise<void> {
  await writeFileAtomic(entryFile(dir, entry.id), `${JSON.stringify(entry, null, 2)}\n`);
}

/** One entry as it is on disk now, or undefined if it is gone or unreadable. */
export async function readEntry(dir: string, id: string): Promise<OutboxEntry | undefined> {
  const text = await readIfExists(entryFile(dir, id));
  if (text === undefined) return undefined;
  return parseEntry(text);
}

/** Parses an entry file's text; undefined when it is not a valid entry. */
export function parseEntry(text: string): OutboxEntry | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = OutboxEntry.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Every valid entry in the folder. A file that is not a valid entry is renamed `*.corrupt` (kept
 * for inspection, never read again) and reported through `onCorrupt`.
 */
export async function listEntries(dir: string, onCorrupt: (file: string) => void): Promise<OutboxEntry[]> {
  const entries: OutboxEntry[] = [];
  for (const name of await listNames(dir)) {
    if (!ENTRY_FILE.test(name)) continue;
    const file = path.join(dir, name);
    const text = await readIfExists(file);
    if (text === undefined) continue;
    const entry = parseEntry(text);
    if (entry) entries.push(entry);
    else {
      onCorrupt(file);
      await fs.rename(file, `${file}.corrupt`).catch(() => undefined);
    }
  }
  return entries;
}

/** Removes an entry's file (pruning); a file already gone is fine. */
export async function removeEntry(dir: string, id: string): Promise<void> {
  await fs.rm(entryFile(dir, id), { force: true });
  await syncDirectory(dir);
}

/** Removes temporary files that writers which died before their rename left behind. */
export async function removeLeftoverTemps(dir: string, olderThanMs: number, now: number): Promise<void> {
  for (const name of await listNames(dir)) {
    if (!isLeftoverTemp(name)) continue;
    const file = path.join(dir, name);
    const stat = await fs.stat(file).catch(() => undefined);
    if (stat && now - stat.mtimeMs > olderThanMs) await fs.rm(file, { force: true });
  }
}

async function listNames(dir: string): Promise<string[]> {
  try {
    return await fs.readdir(dir);
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return [];
    throw err;
  }
}
