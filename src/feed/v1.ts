/**
 * The /v1 side of the feed: the request is logged, the test faults are applied, the bearer token
 * is checked, then the route answers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FeedContext } from './context';
import { defaultErrorCode, FeedHttpError } from './errors';
import type { RequestKind } from './faults';
import { bearerToken, header, sendError } from './httpIo';
import { queryObject } from './requestLog';
import { checkRole, decodeParam, matchRoute } from './routes';
import type { TokenUser } from './storage/accounts';

/** Which kind of request this is, for faults that target only some paths. */
export function requestKind(method: string, path: string): RequestKind {
  const template = matchRoute(method, path)?.route.template;
  if (template === '/v1/projects/{project}/findings') return 'findings';
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
  if (!user || token === undefined) throw new FeedHttpError(401, 'unauthorized', 'send Authorization: Bearer <token> with a valid token');
  checkRateLimit(ctx, user);
  const matched = matchRoute(method, url.pathname);
  if (!matched) throw new FeedHttpError(404, 'not_found', `no such endpoint: ${method} ${url.pathname}`);
  checkRole(matched.route, user);
  await matched.route.handle({ ctx, user, token, req, res, url, param: decodeParam(matched.rawParam) });
}

function optional<K extends string>(name: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [name]: value } as Record<K, string>);
}

/** Applies the faults in force; true when one of them took over the request. */
async function applyFaults(ctx: FeedContext, method: string, url: URL, res: ServerResponse): Promise<boolean> {
  const { faults } = ctx;
  if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
  if (faults.takeHang()) {
    ctx.logger.info('a request was left hanging (fault)', { method });
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

/** Refuses a token over its rate limit (429 with Retry-After). */
function checkRateLimit(ctx: FeedContext, user: TokenUser): void {
  const verdict = ctx.rateLimiter?.take(user.tokenId, performance.now());
  if (!verdict || verdict.ok) return;
  throw new FeedHttpError(
    429,
    'rate_limited',
    `too many requests with this token; wait ${verdict.retryAfterSeconds} s`,
    {},
    { 'Retry-After': String(verdict.retryAfterSeconds) },
  );
}
