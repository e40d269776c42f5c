/**
 * What the feed's tables need from a database. The tables are written once, in the SQL that both
 * SQLite and PostgreSQL accept, with `?` placeholders (PostgreSQL's session numbers them); where
 * the two databases differ (the change sequence, row locks, migrations), the session says how.
 */

/** One connection's view: inside a transaction, or (outside one) any connection. */
export interface SqlSession {
  /** True inside `transaction`: only there may findings change. */
  readonly inTransaction: boolean;
  /** Appended to a SELECT that must lock the rows it reads until the transaction ends. */
  readonly lockRows: string;
  /**
   * The collation that orders text by its UTF-8 bytes (path order, src/shared/pathOrder.ts), as a
   * COLLATE clause: none on SQLite (BINARY is its default), `COLLATE "C"` on PostgreSQL.
   */
  readonly byteOrder: string;
  readonly changes: ChangeSequence;
  all<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  get<Row>(sql: string, params?: readonly unknown[]): Promise<Row | undefined>;
  /** Runs a statement; resolves with how many rows it inserted, updated or deleted. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
  /** Runs statements without parameters (a migration). */
  exec(sql: string): Promise<void>;
  /**
   * Tells every instance on the database, once the transaction commits (and never if it rolls
   * back): PostgreSQL's NOTIFY, or in-process on SQLite. What it tells is `FeedStorage.listen`'s.
   */
  notify(payload: string): Promise<void>;
}

/**
 * The feed's change sequence: every change to a finding takes the next number, and sync tokens
 * are positions in it. Changes must become visible in the order of their numbers (a client that
 * synced up to 11 must never later find a 10 it skipped), so a transaction that changes findings
 * holds the change lock from before it takes a number until it ends.
 */
export interface ChangeSequence {
  /** Takes the change lock for the rest of the transaction (once; later calls are free). */
  lock(): Promise<void>;
  /**
   * The next number, with the change lock held; with `count`, the first of that many consecutive
   * numbers (one statement for a whole batch of changes).
   */
  next(count?: number): Promise<number>;
  /** The last number given out (0 before the first change). */
  current(): Promise<number>;
}

/** A change to a database's schema, applied once, in order of `version`. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** A step in code, run after `sql` in the same transaction (what SQL alone cannot do in both databases). */
  run?: (sql: SqlSession) => Promise<void>;
}

/** The rows of `select` (a SELECT without WHERE), of one project when `project` is given (`column` holds it). */
export function rowsOfProject<Row>(
  sql: SqlSession,
  select: string,
  column: string,
  order: string,
  project: string | undefined,
): Promise<Row[]> {
  if (project === undefined) return sql.all<Row>(`${select} ORDER BY ${order}`);
  return sql.all<Row>(`${select} WHERE ${column} = ? ORDER BY ${order}`, [project]);
}

/** Rows per multi-row statement: 500 rows of 14 values stay far below both databases' bounds on parameters. */
export const BATCH_ROWS = 500;

/** `items` in slices of at most `size`. */
export function batches<T>(items: readonly T[], size: number = BATCH_ROWS): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** `(?, ?), (?, ?)`: the VALUES of `rows` rows of `columns` values each. */
export function valueRows(rows: number, columns: number): string {
  const row = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
  return Array.from({ length: rows }, () => row).join(', ');
}

/** `?, ?, ?`: an IN list of `n` values. */
export function inList(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

/** The error for a change attempted outside `transaction`. */
export function outsideTransaction(what: string): Error {
  return new Error(`${what} needs a transaction: call it inside storage.transaction(async (tx) => ...)`);
}
