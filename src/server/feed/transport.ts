/**
 * Failures of the transport itself, before any status code: the connection, the timeout, a
 * redirect that would take the token elsewhere. Pure: they only build the error to throw.
 */
import { FeedRequestError } from './errors';

/** The error for a fetch() that rejected; the caller's own abort is handled before this. */
export function fetchFailure(err: unknown, timedOut: boolean, what: string, timeoutMs: number, origin: string): FeedRequestError {
  if (err instanceof FeedRequestError) return err;
  if (timedOut) return timeoutError(what, timeoutMs);
  return new FeedRequestError('network', `cannot reach the feed at ${origin} (${networkCause(err)})`, { cause: err });
}

export function timeoutError(what: string, timeoutMs: number, received?: number): FeedRequestError {
  const got = received === undefined || received === 0 ? '' : ` (${received} bytes received)`;
  return new FeedRequestError('timeout', `the feed did not answer ${what} within ${formatSeconds(timeoutMs)}${got}`);
}

/** A 3xx answer: never followed, since the token would go with it. */
export function redirectError(status: number, location: string | null, requestUrl: URL): FeedRequestError {
  let target = 'an unknown place';
  if (location !== null) {
    try {
      target = new URL(location, requestUrl).origin;
    } catch {
      target = 'an unreadable location';
    }
  }
  return new FeedRequestError(
    'badOrigin',
    `the feed redirected to ${target} (${status}); the redirect was not followed and the token was not sent there.`,
    { status },
  );
}

/** ECONNREFUSED, ENOTFOUND, ... from undici's "fetch failed" TypeError, or its message. */
export function networkCause(err: unknown): string {
  let current: unknown = err;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    if (current.cause === undefined) return current.message;
    current = current.cause;
  }
  return err instanceof Error ? err.message : String(err);
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
