/**
 * The findings cache: after each good sync the findings and the sync cursor are written to
 * `<storagePath>/cache-<hash>.json`, so that the next start shows them at once and syncs
 * incrementally. Writes are atomic (temp file, fsync, rename): a crash leaves the old file or the
 * new one, never half of one. A file that does not parse is reported and ignored.
 *
 * The file is JSON Lines: a header (version, feed, project, cursor, count), then one finding per
 * line. It is written in chunks and read line by line, never as one string: at 100,000 findings
 * that string would be 190 MB, and its parse tree several times more, at every start.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { createInterface } from 'node:readline';
import * as path from 'node:path';
import { z } from 'zod';
import type { Finding } from '../shared/feed';
import { writeFileAtomic } from './durableFiles';
import { validateInto, type InvalidFinding } from './feed/validate';

/** 2: JSON Lines. Version 1 (one JSON document) is ignored: the next sync fetches everything again. */
const CACHE_VERSION = 2;

/** What is remembered between syncs (the feed client's SyncCursor). */
export const CachedCursor = z.object({ syncToken: z.string(), etag: z.string().optional() });
export type CachedCursor = z.infer<typeof CachedCursor>;

/** The cache file's first line. The findings follow, one per line, checked one by one like the feed's. */
const CacheHeader = z.object({
  version: z.literal(CACHE_VERSION),
  feedUrl: z.string(),
  project: z.string(),
  cursor: CachedCursor,
  count: z.number().int().min(0),
});

/** The cache of one feed and project: findings as `T` (what the reader's `keep` made of them). */
export interface CachedFindings<T = Finding> {
  cursor: CachedCursor;
  findings: T[];
  /** Cached findings that no longer match the contract (an older version wrote them), left out. */
  invalid: InvalidFinding[];
}

/** `<storagePath>/cache-<first 16 hex of sha256(feedUrl + "\n" + project)>.json` */
export function cachePath(storagePath: string, feedUrl: string, project: string): string {
  const hash = createHash('sha256').update(`${feedUrl}\n${project}`).digest('hex').slice(0, 16);
  return path.join(storagePath, `cache-${hash}.json`);
}

/**
 * Reads the cache line by line: the findings (as `keep` makes them, each as it is read) and cursor;
 * undefined when there is none (or it is another feed's), or an error message when it is corrupt
 * (the caller logs it and starts from nothing).
 */
export async function readCache<T = Finding>(file: string, feedUrl: string, project: string, keep?: (finding: Finding) => T): Promise<CachedFindings<T> | undefined | { error: string }> {
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
    let header: z.infer<typeof CacheHeader> | undefined;
    const findings: T[] = [];
    const invalid: InvalidFinding[] = [];
    let seen = 0;
    for await (const line of lines) {
      if (header === undefined) {
        const first = parseHeader(file, line);
        if ('error' in first) return first;
        if (first.header.feedUrl !== feedUrl || first.header.project !== project) return undefined;
        header = first.header;
        continue;
      }
      if (line === '') continue;
      seen += 1;
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch (e) {
        return { error: `${file} line ${seen + 1} is not JSON (${(e as Error).message}); ignored` };
      }
      validateInto([raw], findings, invalid, keep);
    }
    if (header === undefined) return { error: `${file} is empty; ignored` };
    if (seen !== header.count) return { error: `${file} holds ${seen} finding(s) where its header says ${header.count}; ignored` };
    return { cursor: header.cursor, findings, invalid };
  } catch (e) {
    return { error: `cannot read ${file}: ${(e as Error).message}` };
  } finally {
    lines.close();
    stream.destroy();
  }
}

function parseHeader(file: string, line: string): { header: z.infer<typeof CacheHeader> } | { error: string } {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (e) {
    return { error: `${file} is not JSON (${(e as Error).message}); ignored` };
  }
  const parsed = CacheHeader.safeParse(json);
  if (!parsed.success) return { error: `${file} is not a findings cache of this version (${parsed.error.issues[0]?.message}); ignored, the sync fetches everything again` };
  return { header: parsed.data };
}

/** Findings per write to the file (about 1 MB of JSON); between writes the server answers requests. */
export const CACHE_CHUNK_FINDINGS = 500;

/** The cache of one feed and project, for writing: any iterable of findings (a snapshot of the store) and how many. */
export interface CacheToWrite {
  cursor: CachedCursor;
  findings: Iterable<Finding>;
  count: number;
}

/** Writes the cache atomically: temp file in the same folder, written chunk by chunk, fsync, rename over the old one. */
export async function writeCache(file: string, feedUrl: string, project: string, cache: CacheToWrite): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, cacheChunks(feedUrl, project, cache));
}

/** The cache file's text in pieces of about `chunkFindings` findings: the header line, then one line per finding. */
export function* cacheChunks(feedUrl: string, project: string, cache: CacheToWrite, chunkFindings = CACHE_CHUNK_FINDINGS): Generator<string> {
  yield `${JSON.stringify({ version: CACHE_VERSION, feedUrl, project, cursor: cache.cursor, count: cache.count })}\n`;
  let batch: string[] = [];
  let written = 0;
  for (const finding of cache.findings) {
    batch.push(JSON.stringify(finding));
    written += 1;
    if (batch.length >= chunkFindings) {
      yield `${batch.join('\n')}\n`;
      batch = [];
    }
  }
  if (batch.length > 0) yield `${batch.join('\n')}\n`;
  // A count that does not match makes the reader ignore the file: it must never happen silently.
  if (written !== cache.count) throw new Error(`the cache snapshot changed while it was written (${written} findings, ${cache.count} announced); not saved`);
}
