/**
 * The reference partner feed, in process: `startFeed` opens (and seeds) the database, listens, and
 * answers the whole v1 contract plus the test controls. Tests start it on port 0; the CLI
 * (main.ts) wraps it.
 */
import type Database from 'better-sqlite3';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleAdmin } from './admin';
import type { FeedContext } from './context';
import { openFeedDatabase } from './database';
import { FeedHttpError } from './errors';
import { Faults } from './faults';
import { sendError } from './httpIo';
import { RequestLog } from './requestLog';
import { applySeed, demoSeedPath, loadSeed, type SeedFile } from './seed';
import { FeedStore } from './store';
import { handleV1 } from './v1';

/** How to start a feed. Without `dbPath` the database is in memory; without `seed`, the demo seed. */
export interface FeedOptions {
  port?: number;
  host?: string;
  dbPath?: string;
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
  db: Database.Database;
  /** Stops listening, drops open connections (hung ones too) and closes the database. */
  close(): Promise<void>;
}

export async function startFeed(options: FeedOptions = {}): Promise<RunningFeed> {
  const db = openFeedDatabase(options.dbPath);
  try {
    const store = new FeedStore(db);
    if (store.accounts.isEmpty()) applySeed(store, loadSeed(options.seed ?? demoSeedPath()));
    const ctx: FeedContext = {
      store,
      faults: initialFaults(options),
      requests: new RequestLog(),
      pageSize: options.pageSize ?? 500,
      log: options.log ?? ((line) => process.stderr.write(`[feed] ${line}\n`)),
    };
    const server = createServer((req, res) => void handle(ctx, req, res));
    const host = options.host ?? '127.0.0.1';
    const port = await listen(server, options.port ?? 0, host);
    const users = store.accounts.users();
    return {
      url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
      tokens: Object.fromEntries(users.map((u) => [u.id, u.token])),
      leads: users.filter((u) => u.role === 'lead').map((u) => u.id),
      adminToken: store.accounts.adminToken(),
      projects: store.accounts.projects(),
      db,
      close: () => closeFeed(server, db),
    };
  } catch (err) {
    db.close();
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

function closeFeed(server: Server, db: Database.Database): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => {
      if (db.open) db.close();
      if (err) reject(err);
      else resolve();
    });
    server.closeAllConnections();
  });
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
