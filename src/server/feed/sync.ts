/**
 * One sync of a project's findings: every page fetched and validated, then handed back whole.
 * Any failure aborts the sync, so that the caller never applies half of one.
 */
import type { Finding } from '../../shared/feed';
import type { FeedClient, PageQuery } from './client';
import { FeedRequestError } from './errors';
import { validateInto, type InvalidFinding } from './validate';

export { withRetry, type RetryOptions } from './retry';

/** What to remember between syncs (persisted by the caller). */
export interface SyncCursor {
  /** The feed's position after the last complete sync: the next sync asks for changes since it. */
  syncToken: string;
  /** The ETag of that sync's first page, sent as If-None-Match so an unchanged feed answers 304. */
  etag?: string;
}

/** What one sync brought: findings as `T` (the validated Finding, or what the caller's `keep` made of it). */
export type SyncOutcome<T = Finding> =
  /** The feed said nothing changed (304): keep everything, including the cursor. */
  | { kind: 'notModified' }
  | {
      /** 'full' replaces what the caller holds; 'incremental' updates it (withdrawn findings are tombstones). */
      kind: 'full' | 'incremental';
      /** The valid findings, tombstones (status "withdrawn") included. */
      findings: T[];
      /** Findings set aside because they do not match the contract. */
      invalid: InvalidFinding[];
      /** Remember this for the next sync, once the outcome is applied. */
      cursor: SyncCursor;
      pages: number;
      /** Body bytes received over all pages. */
      bytes: number;
    };

/** Options of one sync. */
export interface SyncOptions<T = Finding> {
  /**
   * What to keep of each valid finding, called as each page is validated: a big sync then holds
   * what the caller keeps (the store's prepared core, say), never every finding whole at once.
   */
  keep?: (finding: Finding) => T;
  /** Page size asked for; default: the feed's. */
  limit?: number;
  signal?: AbortSignal;
  /** After each page: its number (from 1) and the findings it held. */
  onPage?: (n: number, findings: number) => void;
}

/**
 * Fetches all pages of one sync: full when `previous` is undefined, else incremental with
 * since=previous.syncToken and If-None-Match=previous.etag on the first page. Any error aborts the
 * whole sync (throws FeedRequestError) so that nothing half-done is applied.
 */
export async function syncFindings<T = Finding>(
  client: FeedClient,
  project: string,
  previous: SyncCursor | undefined,
  opts: SyncOptions<T> = {},
): Promise<SyncOutcome<T>> {
  const findings: T[] = [];
  const keep = opts.keep ?? ((finding: Finding) => finding as T);
  const invalid: InvalidFinding[] = [];
  const seenCursors = new Set<string>();
  const query: PageQuery = { since: previous?.syncToken, etag: previous?.etag, limit: opts.limit };
  let firstEtag: string | undefined;
  let bytes = 0;
  let next = client.findingsPage(project, query, opts.signal);
  for (let pages = 1; ; pages++) {
    const result = await next;
    if (result.notModified) {
      if (pages === 1) return { kind: 'notModified' };
      throw new FeedRequestError('malformed', `the feed answered page ${pages} with 304 Not Modified, which only a first page may`);
    }
    const { page } = result;
    if (pages === 1) firstEtag = result.etag;
    bytes += result.bytes;
    // The next page is asked for before this one is validated: the feed prepares it meanwhile.
    if (page.nextCursor !== null)
      next = prefetch(
        client.findingsPage(project, { cursor: nextCursorOnce(page.nextCursor, seenCursors), limit: opts.limit }, opts.signal),
      );
    validateInto(page.findings, findings, invalid, keep);
    opts.onPage?.(pages, page.findings.length);
    if (page.nextCursor === null) {
      const cursor: SyncCursor = firstEtag === undefined ? { syncToken: page.syncToken } : { syncToken: page.syncToken, etag: firstEtag };
      return { kind: previous === undefined ? 'full' : 'incremental', findings, invalid, cursor, pages, bytes };
    }
  }
}

/** A request started ahead of time: its failure is reported when it is awaited, never as an unhandled rejection before. */
function prefetch<T>(request: Promise<T>): Promise<T> {
  request.catch(() => undefined);
  return request;
}

/** The next cursor, refusing one already followed: a feed that loops would never end the sync. */
function nextCursorOnce(cursor: string, seen: Set<string>): string {
  if (seen.has(cursor))
    throw new FeedRequestError(
      'malformed',
      'the feed sent the same next-page cursor twice; the sync was stopped so that it would not loop forever',
    );
  seen.add(cursor);
  return cursor;
}
