/**
 * The requests the reference feed answered, timed by the bench as their log lines arrive: the feed
 * writes one JSON line per answered request (`{"msg":"request","method":"GET","route":
 * "/v1/projects/{project}/findings","status":200,"ms":37,…}`), so it started 37 ms before the line
 * came. The server's first request is the first /v1 one of a run.
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
  if (!line.startsWith('{')) return undefined;
  let entry: { msg?: unknown; method?: unknown; route?: unknown; status?: unknown; ms?: unknown };
  try {
    entry = JSON.parse(line) as typeof entry;
  } catch {
    return undefined;
  }
  const { msg, method, route, status, ms } = entry;
  if (msg !== 'request' || typeof method !== 'string' || typeof route !== 'string' || typeof status !== 'number' || typeof ms !== 'number')
    return undefined;
  return { method, path: route, status, startedAt: heardAt - ms, endedAt: heardAt };
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
