/**
 * The PostgreSQL implementation: a pool of connections, one per transaction. Several feed
 * instances can share the database: what must hold across them is held by the database (the
 * change lock and sequence, the idempotency key's uniqueness, row locks), never by a process.
 */
import { Pool, type PoolClient, types } from 'pg';
import { type FeedStorage, openTables } from './feedStorage';
import { outsideTransaction, type ChangeSequence, type SqlSession } from './sql';
import { CHANNEL, listenPostgres } from './postgresListener';
import { POSTGRES_MIGRATIONS } from './postgresMigrations';

const INT8_OID = 20;

// int8 (the change sequence, counts) arrives as text by default; the feed's stay far below 2^53.
const FEED_TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (text: string) => Number(text) : types.getTypeParser(oid, format)) as typeof types.getTypeParser,
};

// Keyed by the sequence's own object id: one lock per database (and schema), whoever else uses advisory locks.
export const CHANGE_LOCK = "SELECT pg_advisory_xact_lock('feed_changes'::regclass::oid::bigint)";
const MIGRATION_LOCK = "SELECT pg_advisory_xact_lock(hashtext('findings-lens feed migrations'), hashtext(current_schema()))";

const numbered = new Map<string, string>();

/** The tables' `?` placeholders as PostgreSQL's `$1, $2, ...` (their SQL has no `?` of its own). */
export function numberPlaceholders(sql: string): string {
  let text = numbered.get(sql);
  if (text === undefined) {
    let n = 0;
    text = sql.replace(/\?/g, () => `$${++n}`);
    numbered.set(sql, text);
  }
  return text;
}

class PostgresSession implements SqlSession {
  readonly lockRows = ' FOR UPDATE';
  readonly byteOrder = ' COLLATE "C"';
  readonly changes: ChangeSequence;

  constructor(
    private readonly db: Pool | PoolClient,
    readonly inTransaction: boolean,
  ) {
    this.changes = new PostgresChanges(this);
  }

  async all<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    return (await this.db.query(numberPlaceholders(sql), [...params])).rows as Row[];
  }

  async get<Row>(sql: string, params: readonly unknown[] = []): Promise<Row | undefined> {
    return (await this.all<Row>(sql, params))[0];
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return (await this.db.query(numberPlaceholders(sql), [...params])).rowCount ?? 0;
  }

  async exec(sql: string): Promise<void> {
    await this.db.query(sql);
  }

  async notify(payload: string): Promise<void> {
    if (!this.inTransaction) throw outsideTransaction('notify');
    await this.run(`SELECT pg_notify(${CHANNEL}, ?)`, [payload]);
  }
}

/** A real sequence; the change lock, held to the end of the transaction, makes commits follow its order. */
class PostgresChanges implements ChangeSequence {
  private locked = false;

  constructor(private readonly sql: PostgresSession) {}

  async lock(): Promise<void> {
    if (!this.sql.inTransaction) throw outsideTransaction('a change');
    if (this.locked) return;
    await this.sql.run(CHANGE_LOCK);
    this.locked = true;
  }

  async next(count = 1): Promise<number> {
    await this.lock();
    const first = (await this.sql.get<{ value: number }>("SELECT nextval('feed_changes') AS value"))!.value;
    // Every caller of nextval holds the change lock, so the numbers after `first` are this transaction's to take.
    if (count > 1) await this.sql.run("SELECT setval('feed_changes', ?)", [first + count - 1]);
    return first;
  }

  async current(): Promise<number> {
    return (await this.sql.get<{ value: number }>('SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS value FROM feed_changes'))!
      .value;
  }
}

/** Opens (and migrates) the feed's PostgreSQL database; `log` hears of connections lost while idle. */
export async function openPostgresStorage(url: string, log: (line: string) => void): Promise<FeedStorage> {
  const config = { connectionString: url, types: FEED_TYPES, connectionTimeoutMillis: 10_000 };
  const pool = new Pool(config);
  pool.on('error', (err) => log(`a PostgreSQL connection was lost while idle (${err.message}); the next request opens another`));
  try {
    return await openTables({
      kind: 'postgres',
      outside: new PostgresSession(pool, false),
      transaction: (work) => inTransaction(pool, work),
      close: () => pool.end(),
      listen: (onAnnounce, onGap) => listenPostgres(config, log, onAnnounce, onGap),
      migrations: POSTGRES_MIGRATIONS,
      migrationLock: MIGRATION_LOCK,
    });
  } catch (err) {
    await pool.end();
    throw new Error(`could not open the PostgreSQL database ${redactedUrl(url)}: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
}

async function inTransaction<T>(pool: Pool, work: (sql: SqlSession) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(new PostgresSession(client, true));
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch((rollbackFailed: Error) => (broken = rollbackFailed));
    throw err;
  } finally {
    // A connection whose rollback failed is closed rather than given to the next request.
    client.release(broken);
  }
}

/** The URL without its password, for messages. */
export function redactedUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@?]*:)[^@/?]*@/i, '$1***@').replace(/([?&]password=)[^&]*/gi, '$1***');
}
