/**
 * `/healthz` (the process answers) and `/readyz` (the database answers, with every migration this
 * feed knows applied, and the instance is not shutting down), for a load balancer's health checks
 * and an orchestrator's probes. Neither needs a token, and neither says more than that.
 */
import type { ServerResponse } from 'node:http';
import type { FeedContext } from './context';
import { sendJson } from './httpIo';

/** A readiness check that takes longer than this counts as not ready. */
const READY_TIMEOUT_MS = 2000;

export const HEALTH_PATHS = ['/healthz', '/readyz'] as const;

export async function answerHealth(ctx: FeedContext, path: string, res: ServerResponse): Promise<void> {
  if (path === '/healthz') return sendJson(res, 200, { status: 'ok', instance: ctx.logger.instance });
  if (ctx.draining) return sendJson(res, 503, { status: 'shutting down', instance: ctx.logger.instance });
  try {
    const state = await withTimeout(ctx.storage.migrationState(), READY_TIMEOUT_MS);
    if (state.applied < state.known) {
      return sendJson(res, 503, { status: `database has ${state.applied} of ${state.known} migrations`, instance: ctx.logger.instance });
    }
    sendJson(res, 200, { status: 'ready', instance: ctx.logger.instance, migrations: state.applied });
  } catch (err) {
    ctx.logger.error('readiness check failed', { cause: err instanceof Error ? err.message : String(err) });
    sendJson(res, 503, { status: 'database unreachable', instance: ctx.logger.instance });
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
