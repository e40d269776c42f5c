/**
 * The `path` filter of `GET /v1/projects/{project}/findings`: the findings of a few files only,
 * so that an editor can show the files it has open before the whole list has arrived.
 */
import { FeedHttpError } from './errors';

/** The most `path` values one request may carry: an editor asks for the files it has open. */
export const MAX_FILTER_PATHS = 50;
/** The longest `path` value, in characters. */
export const MAX_FILTER_PATH_LENGTH = 1024;

/**
 * The paths asked for (each once, in the order given), or undefined when there is no `path`
 * parameter. Refused with 400 `invalid_path`: an empty or too long value, too many of them, or a
 * filter on an incremental sync (a filtered answer is not a position in the change sequence).
 */
export function parsePathFilter(params: URLSearchParams): string[] | undefined {
  const values = params.getAll('path');
  if (values.length === 0) return undefined;
  if ((params.get('since') ?? '') !== '') throw invalidPath('path cannot be combined with since: filter a full listing only');
  const paths = [...new Set(values)];
  if (paths.length > MAX_FILTER_PATHS) throw invalidPath(`at most ${MAX_FILTER_PATHS} path values per request`);
  for (const path of paths) {
    if (path === '' || path.length > MAX_FILTER_PATH_LENGTH) {
      throw invalidPath(`each path must be 1 to ${MAX_FILTER_PATH_LENGTH} characters, as in a finding's location.path`);
    }
  }
  return paths;
}

/** The `location.path` a stored body names, for the filter's column (undefined for a raw value without one). */
export function locationPathOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const location = (body as { location?: unknown }).location;
  if (typeof location !== 'object' || location === null) return undefined;
  const path = (location as { path?: unknown }).path;
  return typeof path === 'string' ? path : undefined;
}

function invalidPath(message: string): FeedHttpError {
  return new FeedHttpError(400, 'invalid_path', message);
}
