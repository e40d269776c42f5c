/**
 * Everything the feed keeps, behind one asynchronous interface with two implementations: SQLite
 * (one file or memory, the embedded default) and PostgreSQL (several feed instances on one
 * database). The routes use only this interface. See docs/architecture.md, "The reference feed's
 * storage".
 */
import { randomUUID } from 'node:crypto';
import { Accounts } from './accounts';
import { AnalysesTable } from './analysesTable';
import { DecisionsTable } from './decisionsTable';
import { EventsTable } from './eventsTable';
import { FindingsTable } from './findingsTable';
import { IdempotencyTable } from './idempotencyTable';
import { applyMigrations } from './migrate';
import type { Migration, SqlSession } from './sql';
import { TokensTable } from './tokens';

/** The feed's tables, as one connection sees them: outside a transaction, or inside one. */
export interface FeedTables {
  readonly accounts: Accounts;
  readonly tokens: TokensTable;
  readonly findings: FindingsTable;
  readonly decisions: DecisionsTable;
  readonly idempotency: IdempotencyTable;
  readonly events: EventsTable;
  readonly analyses: AnalysesTable;
}

/** A subscription to what transactions announce (`SqlSession.notify`); `close` ends it. */
export interface Listening {
  close(): Promise<void>;
}

/**
 * Hears what every instance on the database announces, once it commits, in commit order.
 * `onGap`: announcements may have been missed (the connection that listens was lost and is back):
 * read what was missed from the tables.
 */
export type Listen = (onAnnounce: (payload: string) => void, onGap: () => void) => Promise<Listening>;

/** The feed's database. Reads go straight to the tables; every change goes through `transaction`. */
export interface FeedStorage extends FeedTables {
  readonly kind: 'sqlite' | 'postgres';
  /**
   * A random id kept in the database, so that sync tokens, cursors and ETags name the database,
   * not the process: they hold on every instance on it, and never on another (or a reset) one.
   */
  readonly feedId: string;
  /**
   * Runs `work` in one transaction on one connection, with the tables it must use (`tx`): it
   * commits when `work` resolves and rolls back when it throws. Transactions do not nest.
   */
  transaction<T>(work: (tx: FeedTables) => Promise<T>): Promise<T>;
  /** Hears the announcements of every instance on this database (see `Listen`). */
  listen: Listen;
  /** The migration versions the database has had, and the ones this feed knows (they match once open). */
  migrationState(): Promise<{ applied: number; known: number }>;
  /** Waits for running transactions, then closes the database. */
  close(): Promise<void>;
}

/** The tables over one session. */
export function tablesOn(sql: SqlSession): FeedTables {
  return {
    accounts: new Accounts(sql),
    tokens: new TokensTable(sql),
    findings: new FindingsTable(sql),
    decisions: new DecisionsTable(sql),
    idempotency: new IdempotencyTable(sql),
    events: new EventsTable(sql),
    analyses: new AnalysesTable(sql),
  };
}

/** What an implementation gives: sessions on its database, before the tables are put on them. */
export interface SqlDatabase {
  kind: FeedStorage['kind'];
  /** The session for reads and single statements outside a transaction. */
  outside: SqlSession;
  /** One transaction on one connection, with its session. */
  transaction<T>(work: (sql: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  listen: Listen;
  migrations: readonly Migration[];
  /** Run first in the migrations' transaction, so that two feeds starting at once migrate one after the other. */
  migrationLock?: string;
}

/** Migrates the database, reads (or creates) its feed id, and puts the tables on it. */
export async function openTables(db: SqlDatabase): Promise<FeedStorage> {
  await db.transaction(async (sql) => {
    if (db.migrationLock) await sql.run(db.migrationLock);
    await applyMigrations(sql, db.migrations);
  });
  const feedId = await new Accounts(db.outside).metaOnce('feedId', randomUUID());
  return {
    kind: db.kind,
    feedId,
    ...tablesOn(db.outside),
    transaction: (work) => db.transaction((sql) => work(tablesOn(sql))),
    listen: db.listen,
    migrationState: async () => ({
      applied: (await db.outside.get<{ n: number }>('SELECT COUNT(*) AS n FROM schema_migrations'))?.n ?? 0,
      known: db.migrations.length,
    }),
    close: () => db.close(),
  };
}
