/**
 * Where the next page of a findings listing is fetched from. A feed's `nextCursor` is normally an
 * opaque string sent back as `cursor=`; a feed may instead hand out a URL, which is followed only
 * on the configured origin, because the token goes with every request.
 */
import { FeedRequestError } from './errors';
import { sameOrigin } from './origin';

/** An opaque cursor to send as `cursor=`, or a same-origin URL to fetch as it is. */
export type NextPage = { kind: 'cursor'; cursor: string } | { kind: 'url'; url: URL };

// "https:evil.example" parses as https://evil.example/ (WHATWG special schemes), so the http(s)
// schemes count as URLs even without slashes. Other schemes ("page:2") stay opaque: an opaque
// cursor is only ever sent to our own origin, so it cannot take the token anywhere.
const WEB_SCHEME = /^\s*https?:/i;

/** True when a cursor is meant as a URL rather than an opaque token. */
export function looksLikeUrl(cursor: string): boolean {
  return cursor.includes('://') || cursor.trimStart().startsWith('//') || WEB_SCHEME.test(cursor);
}

/**
 * Resolves a `nextCursor` against the feed's base URL. Throws 'badOrigin' for a URL on another
 * origin (or one that cannot be parsed), without contacting it.
 */
export function resolveNextPage(cursor: string, base: URL): NextPage {
  if (!looksLikeUrl(cursor)) return { kind: 'cursor', cursor };
  let url: URL;
  try {
    url = new URL(cursor, base);
  } catch {
    throw new FeedRequestError(
      'badOrigin',
      'the feed sent a next-page URL that cannot be parsed; it was not followed and the token was not sent.',
    );
  }
  if (!sameOrigin(url, base)) {
    throw new FeedRequestError(
      'badOrigin',
      `the feed sent a next page on ${url.origin}, not on ${base.origin}; it was not followed and the token was not sent there.`,
    );
  }
  return { kind: 'url', url };
}
