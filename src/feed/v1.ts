/**
 * The /v1 side of the feed: the request is logged, the test faults are applied, the bearer token
 * is checked, then the route answers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { postAnalysis } from './analysesRoute';
import type { FeedUser } from './storage/accounts';
import type { FeedContext } from './context';
import { defaultErrorCode, FeedHttpError } from './errors';
import { ifNoneMatchHits } from './etag';
import type { RequestKind } from './faults';
import { checkProjectAccess, etagOf, foreignNextCursor, parsePageRequest, readPage } from './findingsRoute';
import { bearerToken, header, sendError, sendJson, sendText } from './httpIo';
import { queryObject } from './requestLog';
import { refuseUploader } from './roles';
import { listTriage, postReview, postTriage } from './triageRoutes';

const FINDINGS = /^\/v1\/projects\/([^/]+)\/findings$/;
const TRIAGE_LIST = /^\/v1\/projects\/([^/]+)\/triage$/;
const TRIAGE = /^\/v1\/findings\/([^/]+)\/triage$/;
const REVIEW = /^\/v1\/triage\/([^/]+)\/review$/;
const ANALYSES = /^\/v1\/projects\/([^/]+)\/analyses$/;

/** Which kind of request this is, for faults that target only some paths. */
export function requestKind(method: string, path: string): RequestKind {
  if (method === 'GET' && FINDINGS.test(path)) return 'findings';
  if (path === '/v1/me') return 'me';
  return 'other';
}

/** Handles one /v1 request. Resolves without answering when a hang fault takes it. */
export async function handleV1(ctx: FeedContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const method = req.method ?? 'GET';
  const token = bearerToken(req);
  const user = token === undefined ? undefined : await ctx.storage.accounts.userByToken(token);
  const entry = ctx.requests.add({
    method,
    path: url.pathname,
    query: queryObject(url),
    authorized: user !== undefined,
    ...optional('user', user?.id),
    ...optional('idempotencyKey', header(req, 'idempotency-key')),
    ...optional('ifMatch', header(req, 'if-match')),
    ...optional('ifNoneMatch', header(req, 'if-none-match')),
    status: null,
  });
  res.on('finish', () => (entry.status = res.statusCode));
  if (await applyFaults(ctx, method, url, res)) return;
  if (!user) throw new FeedHttpError(401, 'unauthorized', 'send Authorization: Bearer <token> with a valid token');
  await route(ctx, user, req, res, url);
}

function optional<K extends string>(name: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [name]: value } as Record<K, string>);
}

/** Applies the faults in force; true when one of them took over the request. */
async function applyFaults(ctx: FeedContext, method: string, url: URL, res: ServerResponse): Promise<boolean> {
  const { faults } = ctx;
  if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
  if (faults.takeHang()) {
    ctx.log(`${method} ${url.pathname} left hanging (fault)`);
    return true;
  }
  const kind = requestKind(method, url.pathname);
  const forced = faults.takeForcedStatus(kind);
  if (forced) {
    sendForced(res, forced.status, forced.retryAfter);
    return true;
  }
  if (faults.drawFailure()) {
    sendError(res, new FeedHttpError(503, 'unavailable', 'the feed is unavailable (injected failure)', {}, { 'Retry-After': '1' }));
    return true;
  }
  if (kind === 'findings' && faults.redirectTo) {
    res.writeHead(302, { Location: `${faults.redirectTo.replace(/\/+$/, '')}${url.pathname}${url.search}`, 'Content-Length': 0 });
    res.end();
    return true;
  }
  return false;
}

function sendForced(res: ServerResponse, status: number, retryAfter: number | undefined): void {
  const headers: Record<string, string> = {};
  if (retryAfter !== undefined) headers['Retry-After'] = String(retryAfter);
  else if (status === 429) headers['Retry-After'] = '1';
  if (status === 204 || status === 304) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const code = defaultErrorCode(status);
  sendError(res, new FeedHttpError(status, code, `forced status ${status} (injected)`, {}, headers));
}

async function route(ctx: FeedContext, user: FeedUser, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const method = req.method ?? 'GET';
  const path = url.pathname;
  let m: RegExpExecArray | null;
  if (method === 'POST' && (m = ANALYSES.exec(path))) {
    sendAnswer(res, await postAnalysis(ctx, user, req, url, param(m[1])));
    return;
  }
  refuseUploader(user);
  if (method === 'GET' && path === '/v1/me') {
    sendJson(res, 200, {
      user: { id: user.id, name: user.name },
      role: user.role,
      projects: await ctx.storage.accounts.projectsOfUser(user.id),
    });
  } else if (method === 'GET' && (m = FINDINGS.exec(path))) {
    await sendFindings(ctx, user, req, res, url, param(m[1]));
  } else if (method === 'GET' && (m = TRIAGE_LIST.exec(path))) {
    sendJson(res, 200, await listTriage(ctx, user, param(m[1]), url.searchParams));
  } else if (method === 'POST' && (m = TRIAGE.exec(path))) {
    sendAnswer(res, await postTriage(ctx, user, req, path, param(m[1])));
  } else if (method === 'POST' && (m = REVIEW.exec(path))) {
    sendAnswer(res, await postReview(ctx, user, req, path, param(m[1])));
  } else {
    throw new FeedHttpError(404, 'not_found', `no such endpoint: ${method} ${path}`);
  }
}

function param(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new FeedHttpError(400, 'bad_request', 'badly encoded path');
  }
}

function sendAnswer(res: ServerResponse, answer: { status: number; body: unknown; replayed: boolean }): void {
  sendJson(res, answer.status, answer.body, answer.replayed ? { 'Idempotent-Replayed': 'true' } : {});
}

async function sendFindings(
  ctx: FeedContext,
  user: FeedUser,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  project: string,
): Promise<void> {
  await checkProjectAccess(ctx, user, project);
  const page = await parsePageRequest(ctx, project, url.searchParams);
  const etag = etagOf(ctx, page);
  const headers = { ETag: etag, 'Cache-Control': 'private, no-cache' };
  if (ifNoneMatchHits(header(req, 'if-none-match'), etag)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const body = await readPage(ctx, page);
  if (ctx.faults.nextCursorBase && page.cursor === '') {
    body.nextCursor = foreignNextCursor(ctx.faults.nextCursorBase, page, body.nextCursor);
  }
  const broken = ctx.faults.takeBrokenBody();
  if (broken === 'not-json') return sendText(res, 200, '<html><body><h1>Service Unavailable</h1></body></html>', 'application/json');
  const text = JSON.stringify(body);
  if (broken === 'truncated') return sendText(res, 200, text.slice(0, Math.max(1, Math.floor(text.length / 2))), 'application/json');
  sendJson(res, 200, body, headers);
}
