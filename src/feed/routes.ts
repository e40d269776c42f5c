/**
 * Every /v1 endpoint, in one table: its method, its path template (what the log shows instead of
 * the path), who may call it, and what its path names. Tests walk this table: an endpoint added
 * here without a cross-tenant test fails test/unit/feed/tenants.test.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FeedContext } from './context';
import { FeedHttpError } from './errors';
import { postAnalysis } from './analysesRoute';
import { serveEvents } from './events/stream';
import { checkProjectAccess } from './findingsRoute';
import { sendFindings } from './findingsAnswer';
import { sendJson } from './httpIo';
import type { Role, TokenUser } from './storage/accounts';
import { listTriage, postReview, postTriage } from './triageRoutes';

/** One request as a route sees it. */
export interface RouteRequest {
  ctx: FeedContext;
  user: TokenUser;
  /** The bearer token, to check again on a long-lived answer (an event stream). Never logged or stored. */
  token: string;
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** The path parameter, decoded (empty for a path without one). */
  param: string;
}

export interface V1Route {
  method: 'GET' | 'POST';
  /** The path with its parameter named: `/v1/projects/{project}/findings`. */
  template: string;
  /** What the path's parameter names: the tenant tests reach each across organizations. */
  names: 'nothing' | 'project' | 'finding' | 'decision';
  /** The roles that may call it; the others get 403 whatever the path names. */
  roles: readonly Role[];
  handle(r: RouteRequest): Promise<void>;
}

const READERS: readonly Role[] = ['developer', 'lead'];

function sendAnswer(res: ServerResponse, answer: { status: number; body: unknown; replayed: boolean }): void {
  sendJson(res, answer.status, answer.body, answer.replayed ? { 'Idempotent-Replayed': 'true' } : {});
}

export const V1_ROUTES: readonly V1Route[] = [
  {
    method: 'GET',
    template: '/v1/me',
    names: 'nothing',
    roles: ['developer', 'lead', 'uploader'],
    handle: async ({ ctx, user, res }) =>
      sendJson(res, 200, {
        user: { id: user.id, name: user.name },
        role: user.role,
        projects: await ctx.storage.accounts.projectsOfUser(user.id),
      }),
  },
  {
    method: 'GET',
    template: '/v1/projects/{project}/findings',
    names: 'project',
    roles: READERS,
    handle: ({ ctx, user, req, res, url, param }) => sendFindings(ctx, user, req, res, url, param),
  },
  {
    method: 'GET',
    template: '/v1/projects/{project}/triage',
    names: 'project',
    roles: ['lead'],
    handle: async ({ ctx, user, res, url, param }) => sendJson(res, 200, await listTriage(ctx, user, param, url.searchParams)),
  },
  {
    method: 'POST',
    template: '/v1/findings/{finding}/triage',
    names: 'finding',
    roles: READERS,
    handle: async ({ ctx, user, req, res, url, param }) => sendAnswer(res, await postTriage(ctx, user, req, url.pathname, param)),
  },
  {
    method: 'POST',
    template: '/v1/triage/{decision}/review',
    names: 'decision',
    roles: ['lead'],
    handle: async ({ ctx, user, req, res, url, param }) => sendAnswer(res, await postReview(ctx, user, req, url.pathname, param)),
  },
  {
    method: 'GET',
    template: '/v1/projects/{project}/events',
    names: 'project',
    roles: READERS,
    handle: async ({ ctx, user, token, req, res, param }) => {
      await checkProjectAccess(ctx, user, param);
      await serveEvents(ctx, req, res, param, user.tokenId, () => stillAllowed(ctx, token, param));
    },
  },
  {
    method: 'POST',
    template: '/v1/projects/{project}/analyses',
    names: 'project',
    roles: ['uploader'],
    handle: async ({ ctx, user, req, res, url, param }) => sendAnswer(res, await postAnalysis(ctx, user, req, url, param)),
  },
];

/** Whether a token may still read a project (an open stream asks at each heartbeat). */
async function stillAllowed(ctx: FeedContext, token: string, project: string): Promise<boolean> {
  const user = await ctx.storage.accounts.userByToken(token);
  if (!user || !READERS.includes(user.role)) return false;
  try {
    await checkProjectAccess(ctx, user, project);
    return true;
  } catch (err) {
    if (err instanceof FeedHttpError) return false;
    throw err;
  }
}

const compiled = V1_ROUTES.map((route) => ({
  route,
  pattern: new RegExp(`^${route.template.replace(/\{[a-z]+\}/g, '([^/]+)')}$`),
}));

/** The route of a method and path, with its parameter (still URL-encoded); undefined when none matches. */
export function matchRoute(method: string, path: string): { route: V1Route; rawParam: string } | undefined {
  for (const { route, pattern } of compiled) {
    if (route.method !== method) continue;
    const m = pattern.exec(path);
    if (m) return { route, rawParam: m[1] ?? '' };
  }
  return undefined;
}

/** The template to log for a /v1 path: its route's, or one that names no id. */
export function routeTemplate(method: string, path: string): string {
  return matchRoute(method, path)?.route.template ?? '/v1/(no such endpoint)';
}

export function decodeParam(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new FeedHttpError(400, 'bad_request', 'badly encoded path');
  }
}

export function checkRole(route: V1Route, user: TokenUser): void {
  if (route.roles.includes(user.role)) return;
  const who =
    user.role === 'uploader'
      ? 'this is an upload token (role uploader): it may only upload analyses (POST /v1/projects/{project}/analyses)'
      : route.roles.length === 1 && route.roles[0] === 'uploader'
        ? `only an upload token (role uploader, for CI) may upload analyses; ${user.id} is a ${user.role}`
        : route.roles.length === 1 && route.roles[0] === 'lead'
          ? 'only a lead may do this'
          : `this needs the role ${route.roles.join(' or ')}`;
  throw new FeedHttpError(403, 'forbidden', who);
}
