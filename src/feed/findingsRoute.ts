/**
 * `GET /v1/projects/{project}/findings`: full and incremental sync, in pages, with ETags.
 */
import type { FeedUser } from './accounts';
import { type FeedContext, MAX_PAGE_SIZE } from './context';
import { FeedHttpError } from './errors';
import { pageEtag } from './etag';
import { decodeCursor, decodeSyncToken, encodeCursor, encodeSyncToken, type PageCursor } from './syncToken';

/** What a findings request asks for, checked. */
export interface PageRequest {
  project: string;
  since: string;
  cursor: string;
  limit: number;
  /** Where this page starts and stops in the change sequence. */
  position: PageCursor;
}

/** The project a user may read, or the refusal: 404 unknown, 403 not a member. */
export function checkProjectAccess(ctx: FeedContext, user: FeedUser, project: string): void {
  if (!ctx.store.accounts.projectExists(project)) throw new FeedHttpError(404, 'not_found', `no project ${project}`);
  if (!ctx.store.accounts.isMember(project, user.id)) {
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

/** Reads since/cursor/limit; a first page is positioned at the project's latest change. */
export function parsePageRequest(ctx: FeedContext, project: string, params: URLSearchParams): PageRequest {
  const limit = parseLimit(params.get('limit'), ctx.pageSize);
  const since = params.get('since') ?? '';
  const cursor = params.get('cursor') ?? '';
  if (cursor !== '') {
    const position = decodeCursor(ctx.store.feedId, cursor);
    if (!position || position.project !== project)
      throw new FeedHttpError(400, 'invalid_cursor', 'cursor is not one this feed gave for this project');
    return { project, since, cursor, limit, position };
  }
  let after = 0;
  if (since !== '') {
    const seq = decodeSyncToken(ctx.store.feedId, since);
    if (seq === undefined || seq > ctx.store.findings.currentSeq()) {
      throw new FeedHttpError(400, 'invalid_sync_token', 'since is not a sync token of this feed: start again with a full sync (no since)');
    }
    after = seq;
  }
  const upto = Math.max(ctx.store.findings.maxSeq(project), after);
  return { project, since, cursor, limit, position: { feed: ctx.store.feedId, project, after, upto, incremental: since !== '' } };
}

export function etagOf(ctx: FeedContext, page: PageRequest): string {
  const { project, since, cursor, limit } = page;
  return pageEtag({ feedId: ctx.store.feedId, project, since, cursor, limit, maxSeq: ctx.store.findings.maxSeq(project) });
}

/** One page of findings; `nextCursor` is null on the last one. The sync token is where paging began. */
export function readPage(ctx: FeedContext, page: PageRequest): { findings: unknown[]; nextCursor: string | null; syncToken: string } {
  const { position, limit } = page;
  const rows = ctx.store.findings.page({ ...position, limit });
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  const nextCursor = rows.length > limit && last ? encodeCursor({ ...position, after: last.seq }) : null;
  return { findings: shown.map((r) => r.finding), nextCursor, syncToken: encodeSyncToken(position.feed, position.upto) };
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
