/**
 * The cache's first look: the findings of a few files (the open ones), read from the journal
 * (cache.ts) without reading all of it. At 100,000 findings the journal is about 190 MB; reading
 * it whole (every line parsed, validated and prepared) takes seconds, while finding the lines that
 * mention a path takes about as long as reading the bytes.
 *
 * The file is read in big chunks of bytes. Only the lines that name one of the paths
 * (`"path":"<path>"`, as JSON.stringify wrote it), the withdrawals and the commits are parsed; the
 * other lines are looked at only for their id (the writer puts it first, `{"id":"…"`), because a
 * later line for the same id replaces the earlier one, wherever it moved the finding. The
 * journal's rules are those of readCache's replay: the header must be this feed's and project's,
 * only lines up to the last commit count, a later line replaces an earlier one, a withdrawal
 * removes it. A journal the scan finds corrupt yields nothing: the full read says why.
 */
import { promises as fs } from 'node:fs';
import type { Finding } from '../../shared/feed';
import { validateInto, type InvalidFinding } from '../feed/validate';
import { CacheHeader, Commit, idOf, parseJson, Withdrawn } from './cache';

/** Bytes read at a time (a line longer than this grows the buffer). */
export const SCAN_CHUNK_BYTES = 4 * 1024 * 1024;

const NEWLINE = 0x0a;
const BACKSLASH = 0x5c;
const QUOTE = 0x22;
const CLOSING_BRACE = 0x7d;
const COMMIT_START = Buffer.from('{"$commit"');
const WITHDRAWN_START = Buffer.from('{"$withdrawn"');
const ID_START = Buffer.from('{"id":"');
const LOCATION_START = Buffer.from('{"path":"');

/**
 * The committed findings of the journal `file` whose `location.path` is one of `paths`, each as
 * `keep` makes it; none when there is no journal, it is another feed's or project's, or it is corrupt.
 */
export async function scanCache<T>(
  file: string,
  feedUrl: string,
  project: string,
  paths: readonly string[],
  keep: (finding: Finding) => T,
  chunkBytes = SCAN_CHUNK_BYTES,
): Promise<T[]> {
  if (paths.length === 0) return [];
  let handle;
  try {
    handle = await fs.open(file, 'r');
  } catch {
    return [];
  }
  try {
    const replay = new PathReplay(feedUrl, project, paths);
    for await (const lines of completeLines(handle, chunkBytes)) if (!replay.take(lines)) break;
    return replay.findings().map(keep);
  } catch {
    return [];
  } finally {
    await handle.close();
  }
}

/** A buffer whose bytes up to `end` are whole lines (the last one may lack its newline at the end of the file). */
interface Lines {
  buffer: Buffer;
  end: number;
}

/** The file's bytes as runs of whole lines: the part of a line a chunk cuts is carried into the next. */
async function* completeLines(handle: fs.FileHandle, chunkBytes: number): AsyncGenerator<Lines> {
  let buffer: Buffer = Buffer.allocUnsafe(chunkBytes);
  let carried = 0;
  for (;;) {
    if (carried === buffer.length) buffer = grown(buffer, carried);
    const { bytesRead } = await handle.read(buffer, carried, buffer.length - carried, null);
    const filled = carried + bytesRead;
    if (bytesRead === 0) {
      if (filled > 0) yield { buffer, end: filled };
      return;
    }
    const end = buffer.lastIndexOf(NEWLINE, filled - 1) + 1;
    if (end > 0) yield { buffer, end };
    buffer.copy(buffer, 0, end, filled);
    carried = filled - end;
  }
}

function grown(buffer: Buffer, used: number): Buffer {
  const bigger = Buffer.allocUnsafe(buffer.length * 2);
  buffer.copy(bigger, 0, 0, used);
  return bigger;
}

/** The journal's rules (cache.ts replay), kept only for the findings of some paths; keyed by the id as JSON. */
class PathReplay {
  /** The paths as JSON strings, as the lines spell them. */
  private readonly paths: ReadonlySet<string>;
  /** Their lengths in bytes: most locations are of other lengths, and need not be read. */
  private readonly pathBytes: ReadonlySet<number>;
  private readonly found = new Map<string, Finding>();
  /** Each id's finding before the lines after the last commit (undefined: none). */
  private undo = new Map<string, Finding | undefined>();
  private header: 'unread' | 'ours' | 'not ours' = 'unread';
  /** A line that is not JSON: fine in a torn tail, corrupt if a commit follows. */
  private torn = false;
  private corrupt = false;

  constructor(
    private readonly feedUrl: string,
    private readonly project: string,
    paths: readonly string[],
  ) {
    this.paths = new Set(paths.map((p) => JSON.stringify(p)));
    this.pathBytes = new Set([...this.paths].map((p) => Buffer.byteLength(p)));
  }

  /** Takes a run of whole lines; false once the rest of the file cannot change the answer. */
  take({ buffer, end }: Lines): boolean {
    const lines = buffer.subarray(0, end);
    const hits = this.pathHits(lines);
    let hit = 0;
    for (let start = 0; start < end;) {
      const newline = lines.indexOf(NEWLINE, start);
      const stop = newline === -1 ? end : newline;
      while (hit < hits.length && hits[hit]! < start) hit += 1;
      this.line(lines, start, stop, hit < hits.length && hits[hit]! < stop);
      if (this.header === 'not ours' || this.corrupt) return false;
      start = stop + 1;
    }
    return true;
  }

  /** The findings of the paths as of the last commit. */
  findings(): Finding[] {
    if (this.header !== 'ours' || this.corrupt) return [];
    // Without any commit, every line is undone.
    for (const [key, before] of this.undo) {
      if (before === undefined) this.found.delete(key);
      else this.found.set(key, before);
    }
    return [...this.found.values()];
  }

  /**
   * Where the lines name one of the paths, in order. One search for every location (`{"path":"`:
   * the writer puts a location's path first, as its schema does) and a look at the string that
   * follows, only when its length is one of the paths': searching for each path's own pattern
   * costs a pass over the bytes per path. A location spelt otherwise is not seen here: its finding
   * comes with the full read.
   */
  private pathHits(lines: Buffer): number[] {
    const hits: number[] = [];
    for (let at = lines.indexOf(LOCATION_START); at !== -1; at = lines.indexOf(LOCATION_START, at + LOCATION_START.length)) {
      const open = at + LOCATION_START.length - 1;
      const close = closingQuote(lines, open);
      if (close === -1 || !this.pathBytes.has(close + 1 - open)) continue;
      const path = jsonString(lines, open, close);
      if (path !== undefined && this.paths.has(path)) hits.push(at);
    }
    return hits;
  }

  private line(lines: Buffer, start: number, stop: number, namesAPath: boolean): void {
    if (start === stop) return;
    if (this.header === 'unread') return this.readHeader(lines.toString('utf8', start, stop));
    if (startsWith(lines, start, COMMIT_START)) return this.commit(lines.toString('utf8', start, stop));
    if (this.torn) return;
    if (startsWith(lines, start, WITHDRAWN_START)) return this.withdrawal(lines.toString('utf8', start, stop));
    if (namesAPath) return this.findingLine(lines.toString('utf8', start, stop));
    // Another file's finding. Every whole line JSON.stringify wrote ends with its closing brace: one
    // that does not is torn (a line cut just after a nested object's brace passes; the full read finds it).
    if (lines[stop - 1] !== CLOSING_BRACE) this.torn = true;
    // It matters only when it replaces one of ours.
    if (this.torn || this.found.size === 0) return;
    const key = idKey(lines, start, stop);
    if (key === 'torn') this.torn = true;
    else if (key !== undefined) this.drop(key);
  }

  private readHeader(text: string): void {
    const header = CacheHeader.safeParse(parseJson(text));
    this.header = header.success && header.data.feedUrl === this.feedUrl && header.data.project === this.project ? 'ours' : 'not ours';
  }

  private commit(text: string): void {
    const json = parseJson(text);
    if (!Commit.safeParse(json).success) {
      // Not JSON: torn. JSON but not a commit: an invalid finding line without an id, which changes nothing here.
      if (json === undefined) this.torn = true;
      return;
    }
    if (this.torn) this.corrupt = true;
    this.undo = new Map();
  }

  private withdrawal(text: string): void {
    const json = parseJson(text);
    const withdrawn = Withdrawn.safeParse(json);
    if (withdrawn.success) this.drop(JSON.stringify(withdrawn.data.$withdrawn));
    else if (json === undefined) this.torn = true;
  }

  private findingLine(text: string): void {
    const json = parseJson(text);
    if (json === undefined) {
      this.torn = true;
      return;
    }
    const id = idOf(json);
    if (id === undefined) return;
    const valid: Finding[] = [];
    validateInto([json], valid, [] as InvalidFinding[]);
    const finding = valid[0];
    // A related location may name the path while the finding is in another file; a withdrawn one is gone.
    if (finding && finding.status !== 'withdrawn' && this.paths.has(JSON.stringify(finding.location.path)))
      this.set(JSON.stringify(id), finding);
    else this.drop(JSON.stringify(id));
  }

  private set(key: string, finding: Finding): void {
    if (!this.undo.has(key)) this.undo.set(key, this.found.get(key));
    this.found.set(key, finding);
  }

  private drop(key: string): void {
    if (!this.found.has(key)) return;
    if (!this.undo.has(key)) this.undo.set(key, this.found.get(key));
    this.found.delete(key);
  }
}

/** In JavaScript, byte by byte: the prefixes are short, and Buffer.compare's call costs more than the comparison. */
function startsWith(lines: Buffer, start: number, prefix: Buffer): boolean {
  if (start + prefix.length > lines.length) return false;
  for (let i = 0; i < prefix.length; i++) if (lines[start + i] !== prefix[i]) return false;
  return true;
}

/**
 * A finding line's id as JSON (`"F-1"`, as JSON.stringify writes it): read from the line's start
 * when it is `{"id":"…"` (as the cache writes every finding), else parsed from the whole line;
 * 'torn' when the line is not JSON, undefined when it has no id.
 */
function idKey(lines: Buffer, start: number, stop: number): string | undefined | 'torn' {
  if (startsWith(lines, start, ID_START)) {
    const id = jsonStringAt(lines, start + ID_START.length - 1, stop);
    if (id !== undefined) return id;
  }
  const json = parseJson(lines.toString('utf8', start, stop));
  if (json === undefined) return 'torn';
  const id = idOf(json);
  return id === undefined ? undefined : JSON.stringify(id);
}

/** The JSON string whose opening quote is at `open`, as JSON.stringify spells it; undefined when it does not end before `stop`. */
function jsonStringAt(lines: Buffer, open: number, stop: number): string | undefined {
  const close = closingQuote(lines, open);
  return close === -1 || close >= stop ? undefined : jsonString(lines, open, close);
}

/** Where the JSON string opened at `open` closes (-1: not in these bytes). */
function closingQuote(lines: Buffer, open: number): number {
  for (let at = lines.indexOf(QUOTE, open + 1); at !== -1; at = lines.indexOf(QUOTE, at + 1)) {
    let backslashes = 0;
    while (lines[at - 1 - backslashes] === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return at;
  }
  return -1;
}

function jsonString(lines: Buffer, open: number, close: number): string | undefined {
  const raw = lines.toString('utf8', open, close + 1);
  // JSON.stringify's own escapes are canonical already; another spelling is parsed and spelt again.
  return raw.includes('\\') ? canonical(raw) : raw;
}

function canonical(raw: string): string | undefined {
  const value = parseJson(raw);
  return typeof value === 'string' ? JSON.stringify(value) : undefined;
}
