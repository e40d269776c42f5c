/**
 * The test controls under /__admin/ (docs/feed-protocol.md, "Test controls of the reference feed").
 * Only the admin token opens them; user tokens are refused here as the admin token is on /v1.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { upsertFindings, storeRaw, withdrawFinding } from './adminFindings';
import type { FeedContext } from './context';
import { FeedHttpError } from './errors';
import { FaultsRequest } from './faults';
import { firstProblem } from './findingBody';
import { bearerToken, parseJsonBody, readBody, sendJson } from './httpIo';

const MAX_ADMIN_BODY = 256 * 1024 * 1024;
const WITHDRAW = /^\/__admin\/findings\/([^/]+)\/withdraw$/;

export async function handleAdmin(ctx: FeedContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const token = bearerToken(req);
  if (token === undefined || !(await ctx.storage.accounts.isAdminToken(token))) {
    throw new FeedHttpError(401, 'unauthorized', 'the test controls need the admin token');
  }
  const method = req.method ?? 'GET';
  const path = url.pathname;
  const body = async (): Promise<Record<string, unknown>> => {
    const value = parseJsonBody(await readBody(req, MAX_ADMIN_BODY));
    if (!value || typeof value !== 'object' || Array.isArray(value))
      throw new FeedHttpError(400, 'invalid_request', 'body must be a JSON object');
    return value as Record<string, unknown>;
  };
  let m: RegExpExecArray | null;
  if (method === 'POST' && path === '/__admin/findings') {
    const b = await body();
    sendJson(res, 200, { findings: await upsertFindings(ctx.storage, b.project, b.findings) });
  } else if (method === 'POST' && (m = WITHDRAW.exec(path))) {
    sendJson(res, 200, { finding: await withdrawFinding(ctx.storage, decodeURIComponent(m[1])) });
  } else if (method === 'POST' && path === '/__admin/raw') {
    const b = await body();
    sendJson(res, 200, await storeRaw(ctx.storage, b.project, b.finding));
  } else if (method === 'PUT' && path === '/__admin/faults') {
    const parsed = FaultsRequest.safeParse(await body());
    if (!parsed.success) throw new FeedHttpError(400, 'invalid_request', firstProblem(parsed.error));
    ctx.faults.set(parsed.data);
    sendJson(res, 200, { ok: true });
  } else if (method === 'DELETE' && path === '/__admin/faults') {
    ctx.faults.clear();
    sendJson(res, 200, { ok: true });
  } else if (method === 'GET' && path === '/__admin/requests') {
    sendJson(res, 200, ctx.requests.list());
  } else if (method === 'DELETE' && path === '/__admin/requests') {
    ctx.requests.clear();
    sendJson(res, 200, { ok: true });
  } else if (method === 'GET' && path === '/__admin/state') {
    const project = url.searchParams.get('project') ?? undefined;
    const { storage } = ctx;
    const [findings, decisions, reviews, analyses] = await Promise.all([
      storage.findings.all(project),
      storage.decisions.decisions(project),
      storage.decisions.reviews(project),
      storage.analyses.list(project),
    ]);
    sendJson(res, 200, { findings, decisions, reviews, analyses });
  } else {
    throw new FeedHttpError(404, 'not_found', `no such test control: ${method} ${path}`);
  }
}
