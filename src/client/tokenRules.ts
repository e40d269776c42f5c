/**
 * The rules for a feed token that need no editor: where it is kept and what it may look like.
 * src/client/token.ts is the only module that reads or writes the token itself.
 */
import { MAX_TOKEN_LENGTH } from '../shared/codes';

/** SecretStorage key prefix; the feed's origin follows it. */
export const TOKEN_KEY_PREFIX = 'findingsLens.feedToken';

/**
 * The SecretStorage key for the token of the feed at `feedUrl`: one token per origin, so that a
 * token set for one feed is never handed to another. Undefined when the URL is empty or invalid.
 */
export function tokenSecretKey(feedUrl: string): string | undefined {
  const origin = feedOrigin(feedUrl);
  return origin === undefined ? undefined : `${TOKEN_KEY_PREFIX}:${origin}`;
}

/** `https://feed.example.com` for `https://Feed.Example.com:443/v1/`; undefined if not a URL. */
export function feedOrigin(feedUrl: string): string | undefined {
  const trimmed = feedUrl.trim();
  if (trimmed === '') return undefined;
  try {
    const url = new URL(trimmed);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

/**
 * The Set Feed Token input's check: a message when the value cannot be a token, else undefined.
 * An empty value is allowed: it means "clear the stored token" and is confirmed separately.
 */
export function validateTokenInput(value: string): string | undefined {
  const token = value.trim();
  if (token === '') return undefined;
  if (token.length > MAX_TOKEN_LENGTH) return `A token is at most ${MAX_TOKEN_LENGTH} characters; this looks like more than a token.`;
  if (/^bearer\s/i.test(token)) return 'Paste the token without the "Bearer " prefix.';
  // Header values cannot carry whitespace or control characters; a token with them was mis-pasted.
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
  if (/[\s\u0000-\u001f\u007f]/.test(token)) return 'A token has no spaces, tabs or line breaks. Paste the token alone.';
  return undefined;
}
