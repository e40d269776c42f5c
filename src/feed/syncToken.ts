/**
 * Sync tokens and page cursors: opaque to clients, a change sequence number inside.
 *
 * A sync token is the position in the feed's change sequence a client has seen up to. A cursor
 * carries where the previous page stopped (`after`), the position the first page was served at
 * (`upto`: later changes wait for the next incremental sync, so paging is stable while findings
 * change), whether tombstones are included, and the project, so a cursor cannot be replayed on
 * another project. Both carry the id of the feed's database: a token from a database that was reset
 * (an in-memory feed started again) is refused rather than silently skipping changes.
 */

/** Where the next page of a listing starts. */
export interface PageCursor {
  feed: string;
  project: string;
  after: number;
  upto: number;
  incremental: boolean;
  /** The `path` filter of the first page, carried to the next ones (absent: every file). */
  paths?: string[];
  /**
   * A full listing in path order (`order=path`): the path of the last finding returned (`after` is
   * its seq), or null while none with a path was (findings without one come first, in change order).
   */
  byPath?: { path: string | null };
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function decode(text: string): unknown {
  try {
    return JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

const isSeq = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

export function encodeSyncToken(feed: string, seq: number): string {
  return encode({ v: 1, f: feed, s: seq });
}

/** The sequence number inside a sync token of this feed, or undefined if it is not one of its tokens. */
export function decodeSyncToken(feed: string, token: string): number | undefined {
  const value = decode(token) as { v?: unknown; f?: unknown; s?: unknown } | undefined;
  if (!value || typeof value !== 'object' || value.v !== 1 || value.f !== feed || !isSeq(value.s)) return undefined;
  return value.s;
}

export function encodeCursor(cursor: PageCursor): string {
  const base = { v: 1, f: cursor.feed, p: cursor.project, a: cursor.after, u: cursor.upto, i: cursor.incremental ? 1 : 0 };
  if (cursor.byPath !== undefined) return encode({ ...base, o: cursor.byPath.path });
  return encode(cursor.paths === undefined ? base : { ...base, ps: cursor.paths });
}

/** The cursor inside a `cursor=` value, or undefined if it is not one this feed gave. */
export function decodeCursor(feed: string, text: string): PageCursor | undefined {
  const value = decode(text) as
    { v?: unknown; f?: unknown; p?: unknown; a?: unknown; u?: unknown; i?: unknown; ps?: unknown; o?: unknown } | undefined;
  if (!value || typeof value !== 'object' || value.v !== 1 || value.f !== feed) return undefined;
  if (typeof value.p !== 'string' || !isSeq(value.a) || !isSeq(value.u) || value.a > value.u) return undefined;
  const cursor: PageCursor = { feed, project: value.p, after: value.a, upto: value.u, incremental: value.i === 1 };
  if (value.o !== undefined) return byPathCursor(cursor, value.o, value.ps);
  if (value.ps === undefined) return cursor;
  return isPathList(value.ps) ? { ...cursor, paths: value.ps } : undefined;
}

/** A path-order cursor: of a full listing without a filter, at a path (or none yet). */
function byPathCursor(cursor: PageCursor, path: unknown, paths: unknown): PageCursor | undefined {
  if (cursor.incremental || paths !== undefined || (path !== null && (typeof path !== 'string' || path === ''))) return undefined;
  return { ...cursor, byPath: { path } };
}

const isPathList = (v: unknown): v is string[] => Array.isArray(v) && v.length > 0 && v.every((p) => typeof p === 'string' && p !== '');
