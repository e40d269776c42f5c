/**
 * The findings cache: after each good sync the findings and the sync cursor are written to
 * `<storagePath>/cache-<hash>.json`, so that the next start shows them at once and syncs
 * incrementally. Writes are atomic (temp file, fsync, rename): a crash leaves the old file or the
 * new one, never half of one. A file that does not parse is reported and ignored. The file is
 * written in chunks of findings, never as one string: at 100,000 findings that string would be
 * 190 MB (and its UTF-8 copy as much again), and building it would stall the server for a second.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { Finding } from '../shared/feed';
import { writeFileAtomic } from './durableFiles';

/** What is remembered between syncs (the feed client's SyncCursor). */
export const CachedCursor = z.object({ syncToken: z.string(), etag: z.string().optional() });
export type CachedCursor = z.infer<typeof CachedCursor>;

/** The cache file's content. Findings are checked one by one when read, like the feed's. */
const CacheFile = z.object({
  version: z.literal(1),
  feedUrl: z.string(),
  project: z.string(),
  cursor: CachedCursor,
  findings: z.array(Finding),
});

/** The cache of one feed and project. */
export interface CachedFindings {
  cursor: CachedCursor;
  findings: Finding[];
}

/** `<storagePath>/cache-<first 16 hex of sha256(feedUrl + "\n" + project)>.json` */
export function cachePath(storagePath: string, feedUrl: string, project: string): string {
  const hash = createHash('sha256').update(`${feedUrl}\n${project}`).digest('hex').slice(0, 16);
  return path.join(storagePath, `cache-${hash}.json`);
}

/**
 * Reads the cache: the findings and cursor, undefined when there is none, or an error message
 * when it is corrupt (the caller logs it and starts from nothing).
 */
export async function readCache(file: string, feedUrl: string, project: string): Promise<CachedFindings | undefined | { error: string }> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return { error: `cannot read ${file}: ${(e as Error).message}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { error: `${file} is not JSON (${(e as Error).message}); ignored` };
  }
  const parsed = CacheFile.safeParse(json);
  if (!parsed.success) return { error: `${file} is not a findings cache (${parsed.error.issues[0]?.message}); ignored` };
  if (parsed.data.feedUrl !== feedUrl || parsed.data.project !== project) return undefined;
  return { cursor: parsed.data.cursor, findings: parsed.data.findings };
}

/** Findings per write to the file (about 1 MB of JSON); between writes the server answers requests. */
export const CACHE_CHUNK_FINDINGS = 500;

/** The cache of one feed and project, for writing: any iterable of findings (a snapshot of the store). */
export interface CacheToWrite {
  cursor: CachedCursor;
  findings: Iterable<Finding>;
}

/** Writes the cache atomically: temp file in the same folder, written chunk by chunk, fsync, rename over the old one. */
export async function writeCache(file: string, feedUrl: string, project: string, cache: CacheToWrite): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, cacheChunks(feedUrl, project, cache));
}

/** The cache file's JSON text in pieces of about `chunkFindings` findings; joined, they are exactly one JSON document. */
export function* cacheChunks(feedUrl: string, project: string, cache: CacheToWrite, chunkFindings = CACHE_CHUNK_FINDINGS): Generator<string> {
  const head = JSON.stringify({ version: 1, feedUrl, project, cursor: cache.cursor, findings: [] });
  yield head.slice(0, -2); // up to and with the findings' opening bracket
  let batch: Finding[] = [];
  let first = true;
  const flush = () => {
    // One stringify per batch gives one flat string (no rope of small pieces to flatten when written).
    const json = JSON.stringify(batch);
    const text = (first ? '' : ',') + json.slice(1, -1);
    first = false;
    batch = [];
    return text;
  };
  for (const finding of cache.findings) {
    batch.push(finding);
    if (batch.length >= chunkFindings) yield flush();
  }
  if (batch.length > 0) yield flush();
  yield ']}';
}
