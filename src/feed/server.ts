/**
 * The reference partner feed, in process: `startFeed` opens (migrates and seeds) the database,
 * listens, and answers the whole v1 contract plus the test controls. Tests start it on port 0; the
 * CLI (main.ts) wraps it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleAdmin } from './admin';
import type { FeedContext } from './context';
import { FeedHttpError } from './errors';
import { Faults } from './faults';
import { sendError } from './httpIo';
import { RequestLog } from './requestLog';
import { applySeed, demoSeedPath, loadSeed, type SeedFile } from './seed';
import type { FeedStorage } from './storage/feedStorage';
import { openFeedStorage } from './storage/openStorage';
import { handleV1 } from './v1';

/** How to start a feed. Without `db` the database is SQLite in memory; without `seed`, the demo seed. */
export interface FeedOptions {
  port?: number;
  host?: string;
  /** A SQLite file, or a `postgres://` URL (several feeds may share one PostgreSQL database). */
  db?: string;
  /** Applied only when the database is empty. A path or the seed itself. */
  seed?: SeedFile | string;
  latencyMs?: number;
  failureRate?: number;
  /** Every /v1 request answers this status until the faults are cleared. */
  forceStatus?: number;
  /** Findings per page when a client gives no limit (default 500). */
  pageSize?: number;
  /** Where the one-line-per-request log goes (default: stderr). */
  log?: (line: string) => void;
}

/** A feed that is listening. */
export interface RunningFeed {
  /** `http://host:port`, no trailing slash. */
  url: string;
  /** User id → bearer token. */
  tokens: Record<string, string>;
  /** Ids of the users with the lead role. */
  leads: string[];
  /** Opens /__admin/ only. */
  adminToken: string;
  projects: string[];
  /** The feed's database, for tests that look into it. */
  storage: FeedStorage;
  /** Stops listening, drops open connections (hung ones too) and closes the database. */
  close(): Promise<void>;
}

export async function startFeed(options: FeedOptions = {}): Promise<RunningFeed> {
  const log = options.log ?? ((line: string) => process.stderr.write(`[feed] ${line}\n`));
  const storage = await openFeedStorage(options.db, log);
  try {
    if (await storage.accounts.isEmpty()) await applySeed(storage, loadSeed(options.seed ?? demoSeedPath()));
    const ctx: FeedContext = {
      storage,
      faults: initialFaults(options),
      requests: new RequestLog(),
      pageSize: options.pageSize ?? 500,
      log,
    };
    const server = createServer((req, res) => void handle(ctx, req, res));
    const host = options.host ?? '127.0.0.1';
    const port = await listen(server, options.port ?? 0, host);
    const users = await storage.accounts.users();
    return {
      url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
      tokens: Object.fromEntries(users.map((u) => [u.id, u.token])),
      leads: users.filter((u) => u.role === 'lead').map((u) => u.id),
      adminToken: await storage.accounts.adminToken(),
      projects: await storage.accounts.projects(),
      storage,
      close: () => closeFeed(server, storage),
    };
  } catch (err) {
    await storage.close();
    throw err;
  }
}

function initialFaults(options: FeedOptions): Faults {
  const faults = new Faults();
  faults.set({
    latencyMs: options.latencyMs,
    failureRate: options.failureRate,
    forceStatus: options.forceStatus === undefined ? undefined : { status: options.forceStatus, paths: 'all' },
  });
  return faults;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

async function closeFeed(server: Server, storage: FeedStorage): Promise<void> {
  const closed = new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  server.closeAllConnections();
  try {
    await closed;
  } finally {
    await storage.close();
  }
}

async function handle(ctx: FeedContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const url = new URL(req.url ?? '/', 'http://feed.invalid');
  res.on('finish', () => ctx.log(`${req.method} ${url.pathname} ${res.statusCode} ${Math.round(performance.now() - started)}ms`));
  try {
    if (url.pathname.startsWith('/v1/')) await handleV1(ctx, req, res, url);
    else if (url.pathname.startsWith('/__admin/')) await handleAdmin(ctx, req, res, url);
    else throw new FeedHttpError(404, 'not_found', `no such endpoint: ${req.method} ${url.pathname}`);
  } catch (err) {
    if (res.headersSent || res.destroyed) return;
    if (err instanceof FeedHttpError) {
      sendError(res, err);
    } else {
      ctx.log(`internal error on ${req.method} ${url.pathname}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      sendError(res, new FeedHttpError(500, 'internal_error', 'the feed failed to answer this request; see its log'));
    }
  }
}
