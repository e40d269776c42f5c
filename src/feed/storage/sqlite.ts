/**
 * The SQLite implementation: one better-sqlite3 connection on a file (WAL) or in memory, its
 * statements prepared once, its transactions taking turns (TransactionGate).
 */
import Database from 'better-sqlite3';
import { type FeedStorage, openTables } from './feedStorage';
import { outsideTransaction, type ChangeSequence, type SqlSession } from './sql';
import { SQLITE_MIGRATIONS } from './sqliteMigrations';
import { TransactionGate } from './transactionGate';

/** The connection, its prepared statements and its gate, shared by its sessions. */
class SqliteConnection {
  readonly gate = new TransactionGate();
  private readonly statements = new Map<string, Database.Statement<unknown[], unknown>>();
  /** What the running transaction announces when it commits. */
  pending: string[] = [];
  readonly listeners = new Set<(payload: string) => void>();

  constructor(readonly db: Database.Database) {}

  statement(sql: string): Database.Statement<unknown[], unknown> {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare<unknown[], unknown>(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }
}

class SqliteSession implements SqlSession {
  // A SQLite transaction (BEGIN IMMEDIATE) holds the write lock of the whole file until it ends.
  readonly lockRows = '';
  readonly byteOrder = '';
  readonly changes: ChangeSequence;

  constructor(
    private readonly conn: SqliteConnection,
    readonly inTransaction: boolean,
  ) {
    this.changes = new SqliteChanges(this);
  }

  all<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    return this.now(() => this.conn.statement(sql).all(...params) as Row[]);
  }

  get<Row>(sql: string, params: readonly unknown[] = []): Promise<Row | undefined> {
    return this.now(() => this.conn.statement(sql).get(...params) as Row | undefined);
  }

  run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return this.now(() => this.conn.statement(sql).run(...params).changes);
  }

  exec(sql: string): Promise<void> {
    return this.now(() => void this.conn.db.exec(sql));
  }

  async notify(payload: string): Promise<void> {
    if (!this.inTransaction) throw outsideTransaction('notify');
    this.conn.pending.push(payload);
  }

  private now<T>(work: () => T): Promise<T> {
    if (this.inTransaction) {
      try {
        return Promise.resolve(work());
      } catch (err) {
        return Promise.reject(err);
      }
    }
    return this.conn.gate.whenIdle(work);
  }
}

/** A counter row: SQLite has no sequences, and its write lock already orders the changes. */
class SqliteChanges implements ChangeSequence {
  constructor(private readonly sql: SqliteSession) {}

  async lock(): Promise<void> {
    if (!this.sql.inTransaction) throw outsideTransaction('a change');
  }

  async next(count = 1): Promise<number> {
    await this.lock();
    const last = (await this.sql.get<{ value: number }>("UPDATE counters SET value = value + ? WHERE name = 'seq' RETURNING value", [
      count,
    ]))!.value;
    return last - count + 1;
  }

  async current(): Promise<number> {
    return (await this.sql.get<{ value: number }>("SELECT value FROM counters WHERE name = 'seq'"))!.value;
  }
}

/** Opens (or creates, and migrates) the feed's SQLite file; in memory when no path is given. */
export async function openSqliteStorage(path?: string): Promise<FeedStorage> {
  const db = new Database(path ?? ':memory:');
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // What is deleted is overwritten, so that no plain-text token of an older schema stays in the file's free pages.
    db.pragma('secure_delete = ON');
    const conn = new SqliteConnection(db);
    const inside = new SqliteSession(conn, true);
    return await openTables({
      kind: 'sqlite',
      outside: new SqliteSession(conn, false),
      transaction: (work) => conn.gate.run(() => inTransaction(conn, () => work(inside))),
      close: () => conn.gate.whenIdle(() => db.open && db.close()).then(() => undefined),
      listen: async (onEvent) => {
        conn.listeners.add(onEvent);
        return { close: async () => void conn.listeners.delete(onEvent) };
      },
      migrations: SQLITE_MIGRATIONS,
    });
  } catch (err) {
    db.close();
    throw err;
  }
}

async function inTransaction<T>(conn: SqliteConnection, work: () => Promise<T>): Promise<T> {
  const { db } = conn;
  db.exec('BEGIN IMMEDIATE');
  conn.pending = [];
  try {
    const result = await work();
    db.exec('COMMIT');
    announce(conn, conn.pending);
    return result;
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  } finally {
    conn.pending = [];
  }
}

/** In-process, what NOTIFY is on PostgreSQL: after the commit, in order; a listener's failure is its own. */
function announce(conn: SqliteConnection, payloads: readonly string[]): void {
  for (const payload of payloads) {
    for (const listener of conn.listeners) {
      try {
        listener(payload);
      } catch {
        // A listener that throws must not turn a committed change into a failed request.
      }
    }
  }
}
