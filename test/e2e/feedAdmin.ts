/**
 * The reference feed's test controls (/__admin/), as the tests use them to change what the feed
 * says or to break it. Never used to look at the editor: that is done through the UI only.
 */
import type { RunningFeed } from '../../src/feed/server';
import { waitUntil } from './waitUntil';

/** Calls one /__admin/ route with the admin token; fails loudly on a non-2xx answer. */
export async function admin<T = unknown>(feed: RunningFeed, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${feed.url}/__admin/${path}`, {
    method,
    headers: { authorization: `Bearer ${feed.adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} /__admin/${path} answered ${response.status}: ${text}`);
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

/** One /v1 request the feed received. */
export interface FeedRequest {
  method: string;
  path: string;
  /** The query parameters (a sync's `since`, say). */
  query?: Record<string, string>;
  authorized: boolean;
  /** Who the token belongs to, when it was accepted. */
  user?: string;
  /** Null until answered: an event stream while it is open. */
  status: number | null;
}

/** The /v1 requests the feed received so far. */
export function feedRequests(feed: RunningFeed): Promise<FeedRequest[]> {
  return admin<FeedRequest[]>(feed, 'GET', 'requests');
}

/** Waits until the feed got a request with `user`'s token: the server has it (a status line can still be the old token's). */
export function requestAs(feed: RunningFeed, user: string): Promise<FeedRequest> {
  return waitUntil(`a feed request made with ${user}'s token`, async () => (await feedRequests(feed)).find((r) => r.user === user));
}

/** The decisions the feed stored (with their review, if any), as its /__admin/state reports them. */
export async function feedDecisions(feed: RunningFeed, project: string): Promise<import('../../src/shared/feed').TriageDecision[]> {
  const state = await admin<{ decisions: import('../../src/shared/feed').TriageDecision[] }>(
    feed,
    'GET',
    `state?project=${encodeURIComponent(project)}`,
  );
  return state.decisions;
}

/** The reviews the feed stored, each with the id of the decision it reviews (/__admin/state). */
export async function feedReviews(
  feed: RunningFeed,
  project: string,
): Promise<(import('../../src/shared/feed').Review & { decisionId: string })[]> {
  const state = await admin<{ reviews: (import('../../src/shared/feed').Review & { decisionId: string })[] }>(
    feed,
    'GET',
    `state?project=${encodeURIComponent(project)}`,
  );
  return state.reviews;
}
