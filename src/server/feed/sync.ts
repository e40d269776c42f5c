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
  /** Pages one sync may follow (default {@link DEFAULT_MAX_PAGES}): past it the sync stops with a 'limit' error. */
  maxPages?: number;
  /** Findings one sync may bring (default {@link DEFAULT_MAX_FINDINGS}): past it the sync stops with a 'limit' error. */
  maxFindings?: number;
  signal?: AbortSignal;
  /** After each page: its number (from 1) and the findings it held. */
  onPage?: (n: number, findings: number) => void;
  /**
   * Asks a full sync for its listing in path order (`order=path`; a feed may not know it, so each
   * page says whether it is: see {@link KeptPage}). Never sent on an incremental sync.
   */
  order?: 'path';
  /** After each page is validated: what was kept of it, and the order the feed says it is in. */
  onKept?: (page: KeptPage<T>) => void;
}

/** One validated page of a sync, for a caller that uses findings before the sync is over. */
export interface KeptPage<T> {
  /** The page's number in this attempt, from 1 (a retried sync starts again at 1). */
  n: number;
  /** What `keep` made of the page's valid findings, in the feed's order. */
  kept: readonly T[];
  /** `"path"` when the feed says this page is in path order. */
  order: 'path' | undefined;
  /** The last page of the sync: its outcome follows at once. */
  last: boolean;
}

/** The defaults of `findingsLens.feed.maxPagesPerSync` and `maxFindingsPerSync`. */
export const DEFAULT_MAX_PAGES = 2_000;
export const DEFAULT_MAX_FINDINGS = 200_000;

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
  const order = previous === undefined ? opts.order : undefined;
  const query: PageQuery = { since: previous?.syncToken, etag: previous?.etag, limit: opts.limit, ...(order ? { order } : {}) };
  const bounds = { maxPages: opts.maxPages ?? DEFAULT_MAX_PAGES, maxFindings: opts.maxFindings ?? DEFAULT_MAX_FINDINGS };
  let firstEtag: string | undefined;
  let bytes = 0;
  let received = 0;
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
    received += page.findings.length;
    checkBounds(bounds, pages, received, page.nextCursor !== null);
    // The next page is asked for before this one is validated: the feed prepares it meanwhile.
    if (page.nextCursor !== null)
      next = prefetch(
        client.findingsPage(project, { cursor: nextCursorOnce(page.nextCursor, seenCursors), limit: opts.limit }, opts.signal),
      );
    const before = findings.length;
    validateInto(page.findings, findings, invalid, keep);
    opts.onPage?.(pages, page.findings.length);
    if (opts.onKept) opts.onKept({ n: pages, kept: findings.slice(before), order: page.order, last: page.nextCursor === null });
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
  if (seen.has(cursor)) {
    throw new FeedRequestError(
      'limit',
      'the feed sent the same next-page cursor twice; the sync was stopped so that it would not loop forever',
      { limit: 'repeatedCursor' },
    );
  }
  seen.add(cursor);
  return cursor;
}

/** Stops a sync past its bounds, before the next page is asked for: a feed must not keep it going (or growing) for as long as it likes. */
function checkBounds(bounds: { maxPages: number; maxFindings: number }, pages: number, received: number, more: boolean): void {
  if (received > bounds.maxFindings) {
    throw new FeedRequestError(
      'limit',
      `the feed sent more than ${bounds.maxFindings.toLocaleString('en-US')} findings in one sync (findingsLens.feed.maxFindingsPerSync); raise it if the project really has that many`,
      { limit: 'findingsPerSync' },
    );
  }
  if (more && pages >= bounds.maxPages) {
    throw new FeedRequestError(
      'limit',
      `the feed had more than ${bounds.maxPages.toLocaleString('en-US')} pages in one sync (findingsLens.feed.maxPagesPerSync); raise it if the project really has that many`,
      { limit: 'pagesPerSync' },
    );
  }
}
