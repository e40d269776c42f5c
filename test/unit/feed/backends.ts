/**
 * The databases the feed's contract tests run against: SQLite (the embedded default), PostgreSQL,
 * and two feed instances on one PostgreSQL database behind a round-robin balancer, so that every
 * sync token, cursor, ETag and idempotency key a test uses crosses instances.
 */
import { join } from 'node:path';
import { startFeed, type FeedOptions, type RunningFeed } from '../../../src/feed/server';
import { startBalancer } from './balancer';
import { postgresCluster } from './postgresCluster';

export interface FeedBackend {
  name: string;
  /** Starts what the backend needs (the PostgreSQL cluster); run in a `before` hook. */
  prepare(): Promise<void>;
  /** A database no feed has used yet: SQLite in memory (undefined), or a fresh schema. */
  freshDb(): Promise<string | undefined>;
  /** A database that outlives its feed, for restarts: a file in `dir`, or a fresh schema. */
  persistentDb(dir: string, name: string): Promise<string>;
  /** Starts the feed on `options.db`, or on a database no feed has used yet. */
  start(options: FeedOptions): Promise<RunningFeed>;
}

export const SQLITE: FeedBackend = {
  name: 'sqlite',
  prepare: async () => undefined,
  freshDb: async () => undefined,
  persistentDb: async (dir, name) => join(dir, name),
  start: (options) => startFeed(options),
};

export const POSTGRES: FeedBackend = {
  name: 'postgres',
  prepare: async () => void (await postgresCluster()),
  freshDb: async () => (await postgresCluster()).freshSchema(),
  persistentDb: async () => (await postgresCluster()).freshSchema(),
  start: async (options) => startFeed({ ...options, db: options.db ?? (await POSTGRES.freshDb()) }),
};

export const TWO_INSTANCES: FeedBackend = {
  name: 'two instances on postgres',
  prepare: POSTGRES.prepare,
  freshDb: POSTGRES.freshDb,
  persistentDb: POSTGRES.persistentDb,
  start: async (options) => startPair({ ...options, db: options.db ?? (await POSTGRES.freshDb()) }),
};

export const ALL_BACKENDS = [SQLITE, POSTGRES, TWO_INSTANCES] as const;

/**
 * Both instances start at the same moment (so the seeding race is run too), then a balancer goes
 * in front. Tokens and the admin token are the database's, the same from either.
 */
async function startPair(options: FeedOptions): Promise<RunningFeed> {
  const started = await Promise.allSettled([startFeed(options), startFeed(options)]);
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    for (const s of started) if (s.status === 'fulfilled') await s.value.close();
    throw failed.reason;
  }
  const [a, b] = started.map((s) => (s as PromiseFulfilledResult<RunningFeed>).value) as [RunningFeed, RunningFeed];
  const balancer = await startBalancer([a.url, b.url]);
  return {
    ...a,
    // The one that seeded the database shows the random tokens it issued; the other cannot.
    tokens: { ...b.tokens, ...a.tokens },
    adminToken: a.adminToken ?? b.adminToken,
    url: balancer.url,
    close: async () => {
      await balancer.close();
      await Promise.all([a.close(), b.close()]);
    },
  };
}

/** Runs `body` once per backend, in a describe named after it (`this` is that describe's suite). */
export function describeOnBackends(
  title: string,
  backends: readonly FeedBackend[],
  body: (this: Mocha.Suite, backend: FeedBackend) => void,
): void {
  for (const backend of backends) {
    describe(`${title} [${backend.name}]`, function () {
      before(async function () {
        this.timeout(60_000);
        await backend.prepare();
      });
      body.call(this, backend);
    });
  }
}
