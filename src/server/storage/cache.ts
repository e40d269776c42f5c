/**
 * The findings cache: what the last good syncs brought, in `<storagePath>/cache-<hash>.json`, so
 * that the next start shows the findings at once and syncs incrementally from the saved cursor.
 *
 * The file is a journal in JSON Lines, read and written line by line (at 100,000 findings the
 * whole would be a 190 MB string and a parse tree several times that):
 *
 *     {"version":3,"feedUrl":"…","project":"…"}          header
 *     {…finding…}                                          the finding, as the feed sent it
 *     {"$withdrawn":"F-1"}                                 the finding is gone
 *     {"$commit":{"cursor":{…},"count":2}}                 a sync's lines end here
 *
 * After a full sync the file is rewritten whole (temp file, fsync, rename: a crash leaves the old
 * file or the new one). After an incremental sync only its changes and a commit line are appended
 * and fsynced, so that saving costs what changed, not the whole feed. A crash during an append
 * leaves lines after the last commit: the reader ignores them, and the next append cuts them off.
 * Once the journal holds more than twice the lines it needs, the next save rewrites it whole.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import type { Finding } from '../../shared/feed';
import { feedKey } from '../../shared/lastShown';
import { writeFileAtomic } from './durableFiles';
import { validateInto, type InvalidFinding } from '../feed/validate';

/** 3: a JSON Lines journal. Older caches (one JSON document, or lines without commits) are ignored: the sync fetches everything again. */
const CACHE_VERSION = 3;

/** What is remembered between syncs (the feed client's SyncCursor). */
export const CachedCursor = z.object({ syncToken: z.string(), etag: z.string().optional() });
export type CachedCursor = z.infer<typeof CachedCursor>;

/** The journal's first line: which version wrote it, for which feed and project. */
export const CacheHeader = z.object({ version: z.literal(CACHE_VERSION), feedUrl: z.string(), project: z.string() });
/** A sync's lines end here (see cacheScan.ts for the other reader). */
export const Commit = z.object({ $commit: z.object({ cursor: CachedCursor, count: z.number().int().min(0) }) });
export const Withdrawn = z.object({ $withdrawn: z.string().min(1) });

/** Where a journal stands after reading or writing it: what the next append needs to know. */
export interface JournalState {
  /** Bytes up to the end of the last commit line: an append starts here (a torn tail is cut off). */
  validBytes: number;
  /** Finding and withdrawal lines in the committed part (the journal is rewritten once they are many more than the findings). */
  lines: number;
  /** Findings the journal holds after its last commit. */
  count: number;
}

/** The cache of one feed and project: findings as `T` (what the reader's `keep` made of them). */
export interface CachedFindings<T = Finding> {
  cursor: CachedCursor;
  findings: T[];
  /** Cached findings that no longer match the contract (an older version wrote them), left out. */
  invalid: InvalidFinding[];
  journal: JournalState;
}

/** `<storagePath>/cache-<first 16 hex of sha256(feedUrl + "\n" + project)>.json` */
export function cachePath(storagePath: string, feedUrl: string, project: string): string {
  return path.join(storagePath, `cache-${feedKey(sha256Hex, feedUrl, project)}.json`);
}

/** sha256 of a text, as hex. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Reads the journal line by line: the findings (as `keep` makes them, each as it is read) and cursor
 * of its last commit; undefined when there is none (or it is another feed's), or an error message
 * when it is corrupt (the caller logs it and starts from nothing).
 */
export async function readCache<T = Finding>(
  file: string,
  feedUrl: string,
  project: string,
  keep?: (finding: Finding) => T,
): Promise<CachedFindings<T> | undefined | { error: string }> {
  let stream;
  try {
    const handle = await fs.open(file, 'r');
    stream = handle.createReadStream({ encoding: 'utf8' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return { error: `cannot read ${file}: ${(e as Error).message}` };
  }
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  try {
    return await replay(file, lines, feedUrl, project, keep);
  } catch (e) {
    return { error: `cannot read ${file}: ${(e as Error).message}` };
  } finally {
    lines.close();
    stream.destroy();
  }
}

async function replay<T>(
  file: string,
  lines: AsyncIterable<string>,
  feedUrl: string,
  project: string,
  keep?: (finding: Finding) => T,
): Promise<CachedFindings<T> | undefined | { error: string }> {
  const findings = new Map<string, T>();
  const invalid = new Map<string, InvalidFinding>();
  /** How to undo the lines after the last commit: each id's value before them (undefined: absent). */
  let undo = new Map<string, T | undefined>();
  let committed: { cursor: CachedCursor; count: number } | undefined;
  let header = false;
  let bytes = 0;
  let number = 0;
  /** The first line that did not parse: fine in a torn tail, corrupt if a commit follows. */
  let tornAt = 0;
  const journal: JournalState = { validBytes: 0, lines: 0, count: 0 };
  let linesSinceCommit = 0;
  for await (const line of lines) {
    number += 1;
    bytes += Buffer.byteLength(line, 'utf8') + 1;
    if (!header) {
      const parsed = CacheHeader.safeParse(parseJson(line));
      if (!parsed.success)
        return {
          error: `${file} is not a findings cache of this version (${describe(line, parsed.error)}); ignored, the sync fetches everything again`,
        };
      if (parsed.data.feedUrl !== feedUrl || parsed.data.project !== project) return undefined;
      header = true;
      journal.validBytes = bytes;
      continue;
    }
    if (line === '') continue;
    const json = parseJson(line);
    const commit = Commit.safeParse(json);
    if (commit.success) {
      if (tornAt > 0) return { error: `${file} line ${tornAt} is not JSON, before a later commit; ignored` };
      const held = findings.size + invalid.size;
      if (held !== commit.data.$commit.count)
        return { error: `${file} holds ${held} finding(s) at line ${number} where its commit says ${commit.data.$commit.count}; ignored` };
      committed = commit.data.$commit;
      undo = new Map();
      journal.validBytes = bytes;
      journal.lines += linesSinceCommit;
      journal.count = held;
      linesSinceCommit = 0;
      continue;
    }
    if (json === undefined || tornAt > 0) {
      tornAt ||= number; // a torn tail is fine as long as no commit follows it
      continue;
    }
    linesSinceCommit += 1;
    const withdrawn = Withdrawn.safeParse(json);
    const id = withdrawn.success ? withdrawn.data.$withdrawn : idOf(json);
    if (id !== undefined && !undo.has(id)) undo.set(id, findings.get(id));
    if (withdrawn.success) {
      findings.delete(withdrawn.data.$withdrawn);
      invalid.delete(withdrawn.data.$withdrawn);
      continue;
    }
    const kept: T[] = [];
    const bad: InvalidFinding[] = [];
    validateInto([json], kept, bad, keep);
    if (kept.length === 1 && id !== undefined) {
      findings.set(id, kept[0]!);
      invalid.delete(id);
    } else if (bad.length === 1) {
      if (id !== undefined) findings.delete(id);
      invalid.set(id ?? `line ${number}`, bad[0]!);
    }
  }
  if (!header) return { error: `${file} is empty; ignored` };
  if (!committed) return { error: `${file} has no complete sync in it; ignored` };
  for (const [id, before] of undo) {
    if (before === undefined) findings.delete(id);
    else findings.set(id, before);
  }
  return { cursor: committed.cursor, findings: [...findings.values()], invalid: [...invalid.values()], journal };
}

/** The line's JSON, or undefined when it is not JSON (a torn line). */
export function parseJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** The finding line's id, when it has a non-empty string one. */
export function idOf(json: unknown): string | undefined {
  const id = typeof json === 'object' && json !== null ? (json as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

function describe(line: string, error: z.ZodError): string {
  return parseJson(line) === undefined ? 'its first line is not JSON' : (error.issues[0]?.message ?? 'invalid header');
}

/** Findings per write to the file (about 1 MB of JSON); between writes the server answers requests. */
export const CACHE_CHUNK_FINDINGS = 500;

/** A finding to write: the finding, or its JSON already made (FindingStore.fullJson). */
export type FindingLine = Finding | string;

/** A whole cache to write: any iterable of findings (a snapshot of the store, read as the write goes). */
export interface CacheToWrite {
  cursor: CachedCursor;
  findings: Iterable<FindingLine>;
}

/** What one incremental sync changed: the findings as they are now, and the ids gone. */
export interface CacheChanges {
  cursor: CachedCursor;
  upserts: Iterable<FindingLine>;
  withdrawn: Iterable<string>;
  /** Findings the cache holds once these changes are in. */
  count: number;
}

/** Writes the whole journal atomically: temp file in the same folder, written chunk by chunk, fsync, rename over the old one. */
export async function writeCache(file: string, feedUrl: string, project: string, cache: CacheToWrite): Promise<JournalState> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const journal: JournalState = { validBytes: 0, lines: 0, count: 0 };
  await writeFileAtomic(file, counted(cacheChunks(feedUrl, project, cache, journal), journal));
  return journal;
}

/**
 * Appends one incremental sync's changes and a commit to the journal `state` describes, and fsyncs.
 * A torn tail after the last commit (a crash during an earlier append) is cut off first.
 */
export async function appendCache(file: string, state: JournalState, changes: CacheChanges): Promise<JournalState> {
  const handle = await fs.open(file, 'r+');
  try {
    await handle.truncate(state.validBytes);
    const next: JournalState = { ...state };
    let position = state.validBytes;
    for (const piece of counted(changeChunks(changes, next), next)) {
      const { bytesWritten } = await handle.write(piece, 0, piece.length, position);
      position += bytesWritten;
    }
    await handle.sync();
    return next;
  } finally {
    await handle.close();
  }
}

/** Each piece as UTF-8, its length added to `journal.validBytes` as it goes by (encoded once, for both). */
function* counted(pieces: Iterable<string>, journal: JournalState): Generator<Buffer> {
  for (const piece of pieces) {
    const bytes = Buffer.from(piece, 'utf8');
    journal.validBytes += bytes.length;
    yield bytes;
  }
}

/** The whole journal's text in pieces of about `chunkFindings` findings; the count in its commit is what was written. */
export function* cacheChunks(
  feedUrl: string,
  project: string,
  cache: CacheToWrite,
  journal: JournalState = { validBytes: 0, lines: 0, count: 0 },
  chunkFindings = CACHE_CHUNK_FINDINGS,
): Generator<string> {
  yield `${JSON.stringify({ version: CACHE_VERSION, feedUrl, project })}\n`;
  let count = 0;
  for (const lines of inChunks(cache.findings, chunkFindings)) {
    count += lines.length;
    yield `${lines.join('\n')}\n`;
  }
  journal.lines = count;
  journal.count = count;
  yield commitLine(cache.cursor, count);
}

function* changeChunks(changes: CacheChanges, journal: JournalState): Generator<string> {
  let lines = 0;
  for (const chunk of inChunks(changes.upserts, CACHE_CHUNK_FINDINGS)) {
    lines += chunk.length;
    yield `${chunk.join('\n')}\n`;
  }
  const gone = [...changes.withdrawn].map((id) => JSON.stringify({ $withdrawn: id }));
  if (gone.length > 0) yield `${gone.join('\n')}\n`;
  journal.lines += lines + gone.length;
  journal.count = changes.count;
  yield commitLine(changes.cursor, changes.count);
}

function* inChunks(findings: Iterable<FindingLine>, size: number): Generator<string[]> {
  let batch: string[] = [];
  for (const finding of findings) {
    batch.push(typeof finding === 'string' ? finding : JSON.stringify(finding));
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

function commitLine(cursor: CachedCursor, count: number): string {
  return `${JSON.stringify({ $commit: { cursor, count } })}\n`;
}
