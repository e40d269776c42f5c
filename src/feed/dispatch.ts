/**
 * Every request of the feed goes through here: counted in flight, sent to /v1, the test controls
 * or the health checks, its errors turned into JSON answers, and logged as one line when it ends.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleAdmin } from './admin';
import type { FeedContext } from './context';
import { FeedHttpError } from './errors';
import { answerHealth, HEALTH_PATHS } from './health';
import { sendError } from './httpIo';
import type { InFlight } from './inFlight';
import { routeTemplate } from './routes';
import { handleV1 } from './v1';

const ADMIN_PATHS = ['/__admin/findings', '/__admin/raw', '/__admin/faults', '/__admin/requests', '/__admin/state'];

/** The path to log: the route's template, so that no id (nor anything a client made up) reaches the log. */
export function pathTemplate(method: string, path: string): string {
  if (path.startsWith('/v1/')) return routeTemplate(method, path);
  if (path.startsWith('/__admin/')) {
    if (/^\/__admin\/findings\/[^/]+\/withdraw$/.test(path)) return '/__admin/findings/{id}/withdraw';
    return ADMIN_PATHS.includes(path) ? path : '/__admin/(no such control)';
  }
  return (HEALTH_PATHS as readonly string[]).includes(path) ? path : '(no such endpoint)';
}

export async function dispatch(ctx: FeedContext, inFlight: InFlight, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const socket = req.socket;
  const bytesBefore = socket.bytesWritten;
  const url = new URL(req.url ?? '/', 'http://feed.invalid');
  const method = req.method ?? 'GET';
  inFlight.begin();
  res.once('close', () => {
    inFlight.end();
    ctx.logger.request({
      method,
      route: pathTemplate(method, url.pathname),
      status: res.statusCode,
      ms: Math.round(performance.now() - started),
      bytes: socket.bytesWritten - bytesBefore,
    });
  });
  // While shutting down, each answer closes its connection: the drain ends with the requests in flight.
  if (ctx.draining) res.setHeader('Connection', 'close');
  try {
    if (url.pathname.startsWith('/v1/')) await handleV1(ctx, req, res, url);
    else if (url.pathname.startsWith('/__admin/')) await handleAdmin(ctx, req, res, url);
    else if (method === 'GET' && (HEALTH_PATHS as readonly string[]).includes(url.pathname)) await answerHealth(ctx, url.pathname, res);
    else throw new FeedHttpError(404, 'not_found', `no such endpoint: ${method} ${url.pathname}`);
  } catch (err) {
    if (res.headersSent || res.destroyed) return;
    if (err instanceof FeedHttpError) {
      sendError(res, err);
    } else {
      ctx.logger.error('internal error', {
        method,
        route: pathTemplate(method, url.pathname),
        cause: err instanceof Error ? (err.stack ?? err.message) : String(err),
      });
      sendError(res, new FeedHttpError(500, 'internal_error', 'the feed failed to answer this request; see its log'));
    }
  }
}
