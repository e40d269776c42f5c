/**
 * Answers `GET /v1/projects/{project}/findings`: the page, or 304 when the client's ETag still
 * holds, and the faults of the test controls that break it on purpose.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FeedContext } from './context';
import { ifNoneMatchHits } from './etag';
import { checkProjectAccess, etagOf, foreignNextCursor, parsePageRequest, readPage } from './findingsRoute';
import { header, sendJson, sendText } from './httpIo';
import type { FeedUser } from './storage/accounts';

export async function sendFindings(
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
