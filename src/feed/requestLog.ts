/**
 * The /v1 requests the feed received, for tests that assert on what a client sent (GET
 * /__admin/requests). Never holds the token itself, only whether it was accepted.
 */

/** One received /v1 request. `status` is null until answered (and stays null for a hung one). */
export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorized: boolean;
  /** The id of the user the token belongs to, when it was accepted (never the token). */
  user?: string;
  idempotencyKey?: string;
  ifMatch?: string;
  ifNoneMatch?: string;
  status: number | null;
}

/** The most requests kept: the oldest go first, so that a feed under real load does not keep every request it ever had. */
export const MAX_LOGGED_REQUESTS = 10_000;

export class RequestLog {
  private entries: LoggedRequest[] = [];

  add(entry: LoggedRequest): LoggedRequest {
    this.entries.push(entry);
    if (this.entries.length > MAX_LOGGED_REQUESTS * 2) this.entries = this.entries.slice(-MAX_LOGGED_REQUESTS);
    return entry;
  }

  list(): LoggedRequest[] {
    return this.entries.slice(-MAX_LOGGED_REQUESTS).map((e) => ({ ...e }));
  }

  clear(): void {
    this.entries = [];
  }
}

/** The query of a URL as a plain object (the last value wins when a name repeats). */
export function queryObject(url: URL): Record<string, string> {
  return Object.fromEntries(url.searchParams.entries());
}
