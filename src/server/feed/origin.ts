/**
 * Where the token may go: the configured feed origin, over https (plain http only on loopback,
 * where nothing leaves the machine).
 */
import { isIP } from 'node:net';

const SETTING = 'findingsLens.feed.url';

/** Why a feed URL is refused: 'insecure' for plain http off this machine, 'invalid' for the rest. */
export interface FeedUrlProblem {
  ok: false;
  message: string;
  reason: 'insecure' | 'invalid';
}

/** True for 127.0.0.0/8, ::1 and localhost (a URL's hostname: IPv6 in brackets). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(host);
  return false;
}

/**
 * Checks the configured feed URL: https required except loopback (127.0.0.0/8, ::1, localhost).
 * Returns the normalised base URL (no trailing slash) or a message naming the setting
 * `findingsLens.feed.url`.
 */
export function checkFeedUrl(raw: string): { ok: true; base: URL } | FeedUrlProblem {
  const text = raw.trim();
  if (text === '') return { ok: false, reason: 'invalid', message: `${SETTING} is empty: set it to your feed's https URL.` };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: 'invalid', message: `${SETTING} is not a URL ("${excerpt(text)}"): set it to your feed's https URL.` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, reason: 'invalid', message: `${SETTING} must be an https URL, not ${url.protocol}.` };
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return {
      ok: false,
      reason: 'insecure',
      message: `${SETTING} must use https: plain http is allowed only on this machine (localhost, 127.0.0.1, ::1). The token was not sent.`,
    };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, reason: 'invalid', message: `${SETTING} must not hold a user name or password: the token is set separately.` };
  }
  url.search = '';
  url.hash = '';
  url.pathname = url.pathname.replace(/\/+$/, '');
  return { ok: true, base: url };
}

/** True when `url` is on exactly the same origin (scheme, host, port) as base. */
export function sameOrigin(url: URL, base: URL): boolean {
  return url.origin === base.origin;
}

function excerpt(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
