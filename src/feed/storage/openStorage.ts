/**
 * `--db` to a storage: a `postgres://` (or `postgresql://`) URL opens PostgreSQL, anything else is
 * a SQLite file, and nothing is SQLite in memory.
 */
import type { FeedStorage } from './feedStorage';
import { openPostgresStorage } from './postgres';
import { openSqliteStorage } from './sqlite';

export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

export function openFeedStorage(db: string | undefined, log: (line: string) => void): Promise<FeedStorage> {
  if (db !== undefined && isPostgresUrl(db)) return openPostgresStorage(db, log);
  return openSqliteStorage(db);
}
