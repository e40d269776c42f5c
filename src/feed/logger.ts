/**
 * The feed's log: one JSON object per line, for a log shipper to read. One line per request
 * (method, the route's template rather than the raw path, so that ids never reach the log, status,
 * milliseconds, bytes written, instance), and lines for what else happens. Never a token: nothing
 * here is given one.
 */

/** The line logged for one answered request. */
export interface RequestLine {
  method: string;
  /** `/v1/projects/{project}/findings`, never the path with its ids. */
  route: string;
  status: number;
  ms: number;
  /** Bytes written to the connection for this answer, headers included (compressed, when it was). */
  bytes: number;
  /** The user of an accepted token (an id, never the token). */
  user?: string;
}

export interface FeedLogger {
  readonly instance: string;
  request(line: RequestLine): void;
  info(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export function jsonLogger(sink: (line: string) => void, instance: string): FeedLogger {
  const write = (level: string, msg: string, fields: Record<string, unknown>) =>
    sink(JSON.stringify({ time: new Date().toISOString(), level, instance, msg, ...fields }));
  return {
    instance,
    request: (line) => write('info', 'request', { ...line }),
    info: (message, fields = {}) => write('info', message, fields),
    error: (message, fields = {}) => write('error', message, fields),
  };
}
