/**
 * The requests the reference feed answered, timed by the bench as their log lines arrive: the feed
 * writes `[feed] GET /v1/projects/p/findings 200 37ms` once a request is answered, so it started
 * 37 ms before the line came. The server's first request is the first /v1 one of a run.
 */

export interface FeedRequest {
  method: string;
  path: string;
  status: number;
  startedAt: number;
  endedAt: number;
}

/** One feed log line heard at `heardAt`, or undefined for other lines. */
export function parseFeedLine(line: string, heardAt: number): FeedRequest | undefined {
  const m = /^\[feed\] (GET|POST|PUT|PATCH|DELETE) (\S+) (\d{3}) (\d+)ms$/.exec(line.trim());
  if (!m) return undefined;
  return { method: m[1]!, path: m[2]!, status: Number(m[3]), startedAt: heardAt - Number(m[4]), endedAt: heardAt };
}

/** Keeps the /v1 requests the feed answers; `since()` gives those started at or after a time. */
export class FeedRequests {
  private readonly all: FeedRequest[] = [];

  hear(line: string): void {
    const request = parseFeedLine(line, Date.now());
    if (request && request.path.startsWith('/v1/')) this.all.push(request);
  }

  since(at: number): FeedRequest[] {
    return this.all.filter((r) => r.startedAt >= at);
  }
}
