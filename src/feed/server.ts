/**
 * The reference partner feed, in process: `startFeed` opens (migrates and seeds) the database,
 * listens, and answers the whole v1 contract plus the test controls and health checks. Tests start
 * it on port 0; the CLI (main.ts) wraps it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import type { FeedContext } from './context';
import { dispatch } from './dispatch';
import { EventHub } from './events/hub';
import { RECONNECT_MS } from './events/stream';
import { StreamRegistry } from './events/streams';
import { Faults } from './faults';
import { InFlight } from './inFlight';
import { DEFAULT_LIMITS, type FeedLimits } from './limits';
import { jsonLogger } from './logger';
import { RateLimiter } from './rateLimit';
import { RequestLog } from './requestLog';
import { applySeed, demoSeedPath, type IssuedTokens, loadSeed, type SeedFile, seedTokensStillValid } from './seed';
import type { FeedStorage } from './storage/feedStorage';
import { openFeedStorage } from './storage/openStorage';

/** How to start a feed. Without `db` the database is SQLite in memory; without `seed`, the demo seed. */
export interface FeedOptions {
  port?: number;
  host?: string;
  /** A SQLite file, or a `postgres://` URL (several feeds may share one PostgreSQL database). */
  db?: string;
  /** Applied only when the database is empty. A path or the seed itself; false: none (accounts come from the admin CLI). */
  seed?: SeedFile | string | false;
  latencyMs?: number;
  failureRate?: number;
  /** Every /v1 request answers this status until the faults are cleared. */
  forceStatus?: number;
  /** Findings per page when a client gives no limit (default 500). */
  pageSize?: number;
  /** The bounds clients are held to; each one left out has its default (limits.ts). */
  limits?: Partial<FeedLimits>;
  /** This instance's name in the logs and health answers (default: host name and process id). */
  instance?: string;
  /** Where the JSON log lines go (default: stderr). */
  log?: (line: string) => void;
}

/** A feed that is listening. */
export interface RunningFeed {
  /** `http://host:port`, no trailing slash. */
  url: string;
  /**
   * User id → bearer token, for the tokens this start can show: the ones it issued when it seeded
   * the database, and a seed's fixed ones. The database keeps only their hashes, so a restart on a
   * seeded database shows no random token again.
   */
  tokens: Record<string, string>;
  /** Ids of the users with the lead role. */
  leads: string[];
  /** Opens /__admin/ only; known when this start created it, or the seed fixes it. */
  adminToken?: string;
  projects: string[];
  instance: string;
  /** The feed's database, for tests that look into it. */
  storage: FeedStorage;
  /** Stops at once: drops open connections (hung ones too) and closes the database. */
  close(): Promise<void>;
  /**
   * Stops gracefully (SIGTERM): takes no new connection, ends every event stream with a last
   * `shutdown` event, waits for the requests in flight (up to the drain bound), then closes.
   */
  shutdown(): Promise<void>;
}

export async function startFeed(options: FeedOptions = {}): Promise<RunningFeed> {
  const instance = options.instance ?? `${hostname()}:${process.pid}`;
  const logger = jsonLogger(options.log ?? ((line: string) => process.stderr.write(`${line}\n`)), instance);
  const storage = await openFeedStorage(options.db, (line) => logger.error(line));
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const events = new EventHub(storage, logger);
  try {
    const known = await seedOnce(storage, options.seed);
    await events.start();
    const ctx: FeedContext = {
      storage,
      faults: initialFaults(options),
      requests: new RequestLog(),
      pageSize: options.pageSize ?? 500,
      limits,
      logger,
      events,
      streams: new StreamRegistry(limits),
      rateLimiter: limits.rateLimit ? new RateLimiter(limits.rateLimit) : undefined,
      draining: false,
    };
    const inFlight = new InFlight();
    const server = createServer((req, res) => void dispatch(ctx, inFlight, req, res));
    const host = options.host ?? '127.0.0.1';
    const port = await listen(server, options.port ?? 0, host);
    logger.info('listening', { host, port, db: storage.kind });
    const users = await storage.accounts.users();
    let stopping: Promise<void> | undefined;
    return {
      url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
      tokens: known.users,
      leads: users.filter((u) => u.role === 'lead').map((u) => u.id),
      ...(known.adminToken === undefined ? {} : { adminToken: known.adminToken }),
      projects: await storage.accounts.projects(),
      instance,
      storage,
      close: () => (stopping ??= closeNow(ctx, server)),
      shutdown: () => (stopping ??= shutdownGracefully(ctx, server, inFlight)),
    };
  } catch (err) {
    await events.stop();
    await storage.close();
    throw err;
  }
}

/** Seeds an empty database; resolves with the tokens this start can show (see RunningFeed.tokens). */
async function seedOnce(storage: FeedStorage, option: FeedOptions['seed']): Promise<IssuedTokens> {
  const seed = option === false ? undefined : loadSeed(option ?? demoSeedPath());
  const issued = seed && (await applySeed(storage, seed));
  const known = issued ?? (seed ? await seedTokensStillValid(storage, seed) : { users: {} });
  const adminToken = known.adminToken ?? (await storage.accounts.createAdminToken());
  return { users: known.users, ...(adminToken === undefined ? {} : { adminToken }) };
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

function serverClosed(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
}

async function closeNow(ctx: FeedContext, server: Server): Promise<void> {
  ctx.draining = true;
  const closed = serverClosed(server);
  server.closeAllConnections();
  try {
    await closed;
  } finally {
    await release(ctx);
  }
}

async function shutdownGracefully(ctx: FeedContext, server: Server, inFlight: InFlight): Promise<void> {
  const { logger, limits } = ctx;
  ctx.draining = true;
  logger.info('shutting down', { inFlight: inFlight.size, streams: ctx.streams.size, drainMs: limits.drainMs });
  const closed = serverClosed(server);
  server.closeIdleConnections();
  ctx.streams.closeAll({ reason: 'shutting_down', retryMs: RECONNECT_MS });
  const drained = await inFlight.idle(limits.drainMs);
  if (!drained) logger.error('requests still in flight after the drain bound were dropped', { dropped: inFlight.size });
  server.closeAllConnections();
  try {
    await closed;
  } finally {
    await release(ctx);
    logger.info('stopped');
  }
}

async function release(ctx: FeedContext): Promise<void> {
  try {
    await ctx.events.stop();
  } finally {
    await ctx.storage.close();
  }
}
