/**
 * `GET /v1/projects/{project}/findings`: full and incremental sync, in pages, with ETags.
 */
import { type FeedContext, MAX_PAGE_SIZE } from './context';
import { FeedHttpError } from './errors';
import { pageEtag } from './etag';
import { parsePathFilter } from './pathFilter';
import { PATH_ORDER } from '../shared/pathOrder';
import type { FeedUser } from './storage/accounts';
import { decodeCursor, decodeSyncToken, encodeCursor, encodeSyncToken, type PageCursor } from './syncToken';

/** What a findings request asks for, checked. */
export interface PageRequest {
  project: string;
  since: string;
  cursor: string;
  limit: number;
  /** Where this page starts and stops in the change sequence. */
  position: PageCursor;
  /** How far the project's changes had gone when the request was read: the page's ETag names it. */
  maxSeq: number;
}

/**
 * The project a user may read, or the refusal: 404 unknown or of another organization (the same
 * answer, so that another organization's projects do not show they exist), 403 not a member.
 */
export async function checkProjectAccess(ctx: FeedContext, user: FeedUser, project: string): Promise<void> {
  if ((await ctx.storage.accounts.project(project))?.org !== user.org) throw new FeedHttpError(404, 'not_found', `no project ${project}`);
  if (!(await ctx.storage.accounts.isMember(project, user.id))) {
    throw new FeedHttpError(403, 'forbidden', `you are not a member of project ${project}`);
  }
}

export function parseLimit(text: string | null, pageSize: number): number {
  if (text === null || text === '') return Math.min(pageSize, MAX_PAGE_SIZE);
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new FeedHttpError(400, 'invalid_limit', `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
  return Math.min(n, MAX_PAGE_SIZE);
}

/** Reads since/cursor/limit/path; a first page is positioned at the project's latest change. */
export async function parsePageRequest(ctx: FeedContext, project: string, params: URLSearchParams): Promise<PageRequest> {
  const { storage } = ctx;
  const limit = parseLimit(params.get('limit'), ctx.pageSize);
  const since = params.get('since') ?? '';
  const cursor = params.get('cursor') ?? '';
  const paths = parsePathFilter(params);
  if (cursor !== '') {
    const position = decodeCursor(storage.feedId, cursor);
    if (!position || position.project !== project)
      throw new FeedHttpError(400, 'invalid_cursor', 'cursor is not one this feed gave for this project');
    // The filter travels in the cursor: a path beside it would ask for another listing.
    if (paths !== undefined) throw new FeedHttpError(400, 'invalid_path', 'path goes with the first page only: the cursor carries it on');
    return { project, since, cursor, limit, position, maxSeq: await storage.findings.maxSeq(project) };
  }
  let after = 0;
  if (since !== '') {
    const seq = decodeSyncToken(storage.feedId, since);
    if (seq === undefined || seq > (await storage.findings.currentSeq())) {
      throw new FeedHttpError(400, 'invalid_sync_token', 'since is not a sync token of this feed: start again with a full sync (no since)');
    }
    after = seq;
  }
  const byPath = parseOrder(params);
  const maxSeq = await storage.findings.maxSeq(project);
  const upto = Math.max(maxSeq, after);
  const position: PageCursor = { feed: storage.feedId, project, after, upto, incremental: since !== '' };
  // With a path filter the order is ignored: a few files' findings come in change order.
  if (paths !== undefined) return { project, since, cursor, limit, position: { ...position, paths }, maxSeq };
  return { project, since, cursor, limit, position: byPath ? { ...position, byPath: { path: null } } : position, maxSeq };
}

/**
 * Whether a first page asks for path order (`order=path`). Refused with 400 `invalid_request`:
 * another value, or path order on an incremental sync (its changes are a position in the change
 * sequence, and come in its order). Beside a cursor it is not read: the cursor carries the order.
 */
export function parseOrder(params: URLSearchParams): boolean {
  const order = params.get('order');
  if (order === null || order === '') return false;
  if (order !== PATH_ORDER) throw new FeedHttpError(400, 'invalid_request', `order must be ${PATH_ORDER} (or left out: change order)`);
  if ((params.get('since') ?? '') !== '') {
    throw new FeedHttpError(400, 'invalid_request', 'order=path goes with a full listing only: an incremental sync comes in change order');
  }
  return true;
}

export function etagOf(ctx: FeedContext, page: PageRequest): string {
  const { project, since, cursor, limit, maxSeq } = page;
  const paths = cursor === '' ? page.position.paths : undefined;
  const byPath = cursor === '' && page.position.byPath !== undefined;
  return pageEtag({
    feedId: ctx.storage.feedId,
    project,
    since,
    cursor,
    limit,
    maxSeq,
    ...(paths ? { paths } : {}),
    ...(byPath ? { byPath } : {}),
  });
}

/** One page of findings; `nextCursor` is null on the last one. The sync token is where paging began. */
export async function readPage(
  ctx: FeedContext,
  page: PageRequest,
): Promise<{ findings: unknown[]; nextCursor: string | null; syncToken: string; order?: typeof PATH_ORDER }> {
  const { position, limit } = page;
  const rows = await ctx.storage.findings.page({ ...position, limit });
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  const next = last && (position.byPath ? { ...position, after: last.seq, byPath: { path: last.path } } : { ...position, after: last.seq });
  const nextCursor = rows.length > limit && next ? encodeCursor(next) : null;
  const body = { findings: shown.map((r) => r.finding), nextCursor, syncToken: encodeSyncToken(position.feed, position.upto) };
  return position.byPath ? { ...body, order: PATH_ORDER } : body;
}

/**
 * The nextCursor of the foreign-cursor fault: an absolute URL on `base`, carrying the real cursor
 * (or, after a last page, one that reads nothing more).
 */
export function foreignNextCursor(base: string, page: PageRequest, nextCursor: string | null): string {
  const cursor = nextCursor ?? encodeCursor({ ...page.position, after: page.position.upto });
  const path = `/v1/projects/${encodeURIComponent(page.project)}/findings?cursor=${encodeURIComponent(cursor)}&limit=${page.limit}`;
  return `${base.replace(/\/+$/, '')}${path}`;
}
