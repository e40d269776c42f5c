/**
 * An error answer of the feed: thrown by a handler, turned into `{ error: { code, message } }` by
 * the dispatcher. `extra` adds fields next to `error` (the current finding of a 412).
 */
export class FeedHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The error code the feed uses for a status when nothing more precise applies. */
export function defaultErrorCode(status: number): string {
  const codes: Record<number, string> = {
    400: 'bad_request',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'not_found',
    409: 'conflict',
    412: 'precondition_failed',
    413: 'body_too_large',
    429: 'rate_limited',
    500: 'internal_error',
    502: 'bad_gateway',
    503: 'unavailable',
    504: 'gateway_timeout',
  };
  return codes[status] ?? (status >= 500 ? 'server_error' : 'error');
}
