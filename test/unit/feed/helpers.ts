/**
 * Shared pieces of the reference feed's tests: a small seed, a feed started on port 0 without
 * request logging on one of the backends, and fetch helpers that speak as a user or as the test
 * controls.
 */
import type { FeedOptions, RunningFeed } from '../../../src/feed/server';
import type { SeedFile } from '../../../src/feed/seed';
import type { FeedBackend } from './backends';

/**
 * `count` findings in project `p1`, ids f1..fN; users dana (developer), lee (lead), ci (uploader),
 * olga (not in p1). Its tokens are fixed: the feed keeps only their hashes, so a feed that did not
 * seed the database itself (a restart, the second of two instances) can show only the tokens a seed
 * fixes.
 */
export function smallSeed(count = 5): SeedFile {
  return {
    adminToken: 'test-admin-token',
    users: [
      { id: 'dana', name: 'Dana Developer', role: 'developer', token: 'test-token-dana' },
      { id: 'lee', name: 'Lee Lead', role: 'lead', token: 'test-token-lee' },
      { id: 'olga', name: 'Olga Outsider', role: 'developer', token: 'test-token-olga' },
      { id: 'ci', name: 'CI', role: 'uploader', token: 'test-token-ci' },
    ],
    projects: [
      { id: 'p1', name: 'Project one', members: ['dana', 'lee', 'ci'] },
      { id: 'p2', name: 'Project two', members: ['olga'] },
    ],
    findings: Array.from({ length: count }, (_, i) => ({
      project: 'p1',
      id: `f${i + 1}`,
      ruleId: 'ts/sql-injection',
      title: `Finding ${i + 1}`,
      message: 'A *markdown* message.',
      severity: 'high' as const,
      location: { path: 'src/app.ts', startLine: i + 1, snippet: `line ${i + 1}` },
    })),
  };
}

export function startTestFeed(backend: FeedBackend, options: FeedOptions = {}): Promise<RunningFeed> {
  return backend.start({ seed: smallSeed(), log: () => undefined, ...options });
}

/** A JSON answer: status, headers and the parsed body (undefined when empty or not JSON). */
export interface JsonAnswer {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

/** The admin token of a feed started on a seed that fixes it. */
export function adminTokenOf(feed: RunningFeed): string {
  if (feed.adminToken === undefined) throw new Error('this feed shows no admin token: start it on a seed that fixes one');
  return feed.adminToken;
}

export async function call(
  feed: RunningFeed,
  token: string | undefined,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<JsonAnswer> {
  const headers: Record<string, string> = { ...options.headers };
  if (token !== undefined) headers.Authorization = `Bearer ${token}`;
  if (options.body !== undefined && headers['Content-Type'] === undefined) headers['Content-Type'] = 'application/json';
  const sent = options.body;
  const res = await fetch(`${feed.url}${path}`, {
    method,
    headers,
    body:
      sent === undefined
        ? undefined
        : typeof sent === 'string'
          ? sent
          : sent instanceof Uint8Array
            ? new Uint8Array(sent)
            : JSON.stringify(sent),
    redirect: 'manual',
    signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, body, text };
}

/** As a user of the feed. */
export function as(feed: RunningFeed, userId: string) {
  const token = feed.tokens[userId];
  if (!token) throw new Error(`no token for ${userId}`);
  return {
    get: (path: string, headers?: Record<string, string>) => call(feed, token, 'GET', path, { headers }),
    post: (path: string, body: unknown, headers?: Record<string, string>) => call(feed, token, 'POST', path, { body, headers }),
  };
}

/** As the test controls. */
export function admin(feed: RunningFeed) {
  return {
    get: (path: string) => call(feed, adminTokenOf(feed), 'GET', path),
    post: (path: string, body: unknown) => call(feed, adminTokenOf(feed), 'POST', path, { body }),
    put: (path: string, body: unknown) => call(feed, adminTokenOf(feed), 'PUT', path, { body }),
    del: (path: string) => call(feed, adminTokenOf(feed), 'DELETE', path),
  };
}

/** Every page of a sync, following nextCursor; returns the findings and the last syncToken. */
export async function syncAll(
  feed: RunningFeed,
  userId: string,
  project: string,
  query: { since?: string; limit?: number } = {},
): Promise<{ findings: any[]; syncToken: string; pages: number }> {
  const findings: any[] = [];
  let cursor: string | null = null;
  let pages = 0;
  let syncToken: string;
  do {
    const params = new URLSearchParams();
    if (query.since) params.set('since', query.since);
    if (query.limit) params.set('limit', String(query.limit));
    if (cursor) params.set('cursor', cursor);
    const answer = await as(feed, userId).get(`/v1/projects/${project}/findings?${params}`);
    if (answer.status !== 200) throw new Error(`page ${pages + 1}: ${answer.status} ${answer.text}`);
    findings.push(...answer.body.findings);
    cursor = answer.body.nextCursor;
    syncToken = answer.body.syncToken;
    pages++;
    if (pages > 1000) throw new Error('paging does not end');
  } while (cursor);
  return { findings, syncToken, pages };
}

/** A triage POST with its headers. */
export function triage(
  feed: RunningFeed,
  userId: string,
  findingId: string,
  body: unknown,
  headers: { key?: string; ifMatch?: string } = {},
) {
  const h: Record<string, string> = {};
  if (headers.key !== undefined) h['Idempotency-Key'] = headers.key;
  if (headers.ifMatch !== undefined) h['If-Match'] = headers.ifMatch;
  return as(feed, userId).post(`/v1/findings/${encodeURIComponent(findingId)}/triage`, body, h);
}

export function review(feed: RunningFeed, userId: string, decisionId: string, body: unknown, key?: string) {
  return as(feed, userId).post(
    `/v1/triage/${encodeURIComponent(decisionId)}/review`,
    body,
    key === undefined ? {} : { 'Idempotency-Key': key },
  );
}
