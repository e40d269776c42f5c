/**
 * A feed written elsewhere, badly or on purpose: a tiny node:http server on loopback whose findings
 * pages the test sets answer by answer, that records every request (headers and body), and accepts
 * decisions. What the reference feed would never do (a number revision, a byte order mark, pages
 * forever, 300 MB of spaces, Retry-After 600) is one handler away.
 */
import type * as http from 'node:http';
import { finding, listen, type Recorded } from '../unit/server/feed/loopback';
import { PROJECT } from './world';

/** A request the feed received (headers and body). */
export type FeedRequest = Recorded;

/** Answers one GET of the findings; `n` counts those requests from 1. */
export type PageHandler = (req: FeedRequest, res: http.ServerResponse, n: number) => void;

export interface HostileFeed {
  url: string;
  token: string;
  requests: FeedRequest[];
  /** The findings requests only. */
  pageRequests(): FeedRequest[];
  /** Sets how GET findings is answered from now on (the count starts again from 1). */
  answer(handler: PageHandler): void;
  /** Bytes written in answers to GET findings since the last `answer`. */
  bytesWritten(): number;
  close(): Promise<void>;
}

/** A valid finding on line 1 of the demo workspace's src/db.ts; `overrides` change or break any field. */
export function feedFinding(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return finding(id, { location: { path: 'src/db.ts', startLine: 1 }, ...overrides });
}

/** One whole page, as JSON (or `prefix` + JSON: a byte order mark, say). */
/** How a page is written: its cursor and token, a prefix before the JSON, and the order it says it is in. */
export interface PageOptions {
  nextCursor?: string | null;
  syncToken?: string;
  prefix?: string;
  order?: 'path';
}

export function page(findings: unknown[], opts: PageOptions = {}): PageHandler {
  return (_req, res) => sendPage(res, findings, opts);
}

export function sendPage(res: http.ServerResponse, findings: unknown[], opts: PageOptions = {}): void {
  const body = {
    findings,
    nextCursor: opts.nextCursor ?? null,
    syncToken: opts.syncToken ?? 'S1',
    ...(opts.order ? { order: opts.order } : {}),
  };
  const text = (opts.prefix ?? '') + JSON.stringify(body);
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export async function startHostileFeed(first: PageHandler): Promise<HostileFeed> {
  let handler = first;
  let pages = 0;
  let written = 0;
  const route = (req: FeedRequest, res: http.ServerResponse): void => {
    const path = req.url.split('?')[0]!;
    if (req.method === 'GET' && path === FINDINGS) return handler(req, countingWrites(res), ++pages);
    if (req.method === 'GET' && path === '/v1/me')
      return json(res, 200, { user: { id: 'dana', name: 'Dana' }, role: 'developer', projects: [PROJECT] });
    const triage = /^\/v1\/findings\/([^/]+)\/triage$/.exec(path);
    if (req.method === 'POST' && triage) {
      const body = JSON.parse(req.body) as { action: string; reason: string; comment: string; codeHash?: string };
      const decision = {
        id: `dec-${server.requests.length}`,
        findingId: decodeURIComponent(triage[1]!),
        ...body,
        actor: { id: 'dana', name: 'Dana' },
        at: new Date().toISOString(),
        review: null,
      };
      return json(res, 201, { decision, revision: 8 });
    }
    json(res, 404, { error: { code: 'not_found', message: 'no such route' } });
  };
  /** Counts what an answer to GET findings writes, to see where the client hung up. */
  const countingWrites = (res: http.ServerResponse): http.ServerResponse => {
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (typeof chunk === 'string' || Buffer.isBuffer(chunk)) written += Buffer.byteLength(chunk);
      return write(chunk, ...rest);
    }) as typeof res.write;
    return res;
  };
  const server = await listen(route);
  return {
    url: server.url,
    token: 'hostile-test-token',
    requests: server.requests,
    pageRequests: () => server.requests.filter((r) => r.url.startsWith(FINDINGS)),
    answer(next) {
      handler = next;
      pages = 0;
      written = 0;
    },
    bytesWritten: () => written,
    close: () => server.close(),
  };
}

const FINDINGS = `/v1/projects/${PROJECT}/findings`;

function json(res: http.ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
