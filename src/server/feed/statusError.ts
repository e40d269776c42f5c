/**
 * Turns an HTTP error answer into a FeedRequestError whose message a user can read: the feed's own
 * `error.message` when the body is the contract's error JSON, else the status text and at most a
 * short, tag-free excerpt of the body (an HTML error page is never shown whole).
 */
import { STATUS_CODES } from 'node:http';
import { FeedError } from '../../shared/feed';
import { shown, TEXT_CAPS } from '../views/shownText';
import { withoutBom } from './body';
import { FeedRequestError, kindForStatus } from './errors';
import { parseRetryAfter } from './retryAfter';

const EXCERPT_CHARS = 80;

/** The error for a non-2xx, non-3xx answer. */
export function statusError(
  status: number,
  statusText: string,
  headers: Headers,
  text: string,
  now: number = Date.now(),
): FeedRequestError {
  const body = parseJson(text);
  const contract = FeedError.safeParse(body);
  const label = `${status} ${statusText || STATUS_CODES[status] || 'error'}`;
  const message = contract.success ? `${label}: ${shown(contract.data.error.message, TEXT_CAPS.feedMessage)}` : withExcerpt(label, text);
  return new FeedRequestError(kindForStatus(status), message, {
    status,
    retryAfterMs: parseRetryAfter(headers.get('retry-after'), now),
    code: contract.success ? contract.data.error.code : undefined,
    body,
  });
}

/** A short, single-line, tag-free excerpt of a body, or '' when there is nothing readable. */
export function bodyExcerpt(text: string): string {
  const plain = text
    .slice(0, 4096)
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return shown(plain, EXCERPT_CHARS, '…');
}

function withExcerpt(label: string, text: string): string {
  const excerpt = bodyExcerpt(text);
  return excerpt === '' ? label : `${label} (${excerpt})`;
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(withoutBom(text)) as unknown;
  } catch {
    return undefined;
  }
}
