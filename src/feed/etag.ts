/**
 * Entity tags of findings pages. A page is fully determined by what was asked and by how far the
 * project's change sequence has gone, so the tag is a hash of exactly that.
 */
import { createHash } from 'node:crypto';

/** What a findings page depends on. */
export interface PageIdentity {
  feedId: string;
  project: string;
  since: string;
  cursor: string;
  limit: number;
  maxSeq: number;
  /** The `path` filter of a first page (a later page's cursor carries it). */
  paths?: string[];
  /** A first page in path order (`order=path`; a later page's cursor carries it). */
  byPath?: boolean;
}

export function pageEtag(page: PageIdentity): string {
  const parts: Array<string | number> = [page.feedId, page.project, page.since, page.cursor, page.limit, page.maxSeq];
  if (page.paths !== undefined) parts.push(JSON.stringify(page.paths));
  if (page.byPath === true) parts.push('order=path');
  const text = parts.join('\n');
  return `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`;
}

/** True when an `If-None-Match` header names this tag (or is `*`). Weak prefixes are ignored. */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const tag = part.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}
