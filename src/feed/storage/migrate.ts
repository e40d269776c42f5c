/**
 * Versioned migrations, applied when the feed opens its database: a `schema_migrations` table
 * records each one applied, and the ones not yet there are run in order, all in one transaction
 * (a failed migration leaves the database as it was).
 */
import type { Migration, SqlSession } from './sql';

const MIGRATIONS_TABLE =
  'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)';

/** The migrations a database that has had `applied` still needs, oldest first. */
export function pendingMigrations(applied: readonly number[], known: readonly Migration[]): Migration[] {
  const versions = new Set(known.map((m) => m.version));
  const unknown = applied.filter((v) => !versions.has(v));
  if (unknown.length > 0) {
    throw new Error(
      `this database has migration ${Math.max(...unknown)}, which this feed does not know (it knows up to ${Math.max(0, ...versions)}): ` +
        'a newer feed wrote it. Nothing was changed; start the newer feed on it, or give another --db.',
    );
  }
  const done = new Set(applied);
  return known.filter((m) => !done.has(m.version)).sort((a, b) => a.version - b.version);
}

/**
 * Brings the schema up to date. Runs inside one transaction that already holds whatever keeps two
 * feeds starting at once from migrating together. Resolves with what it applied.
 */
export async function applyMigrations(sql: SqlSession, known: readonly Migration[]): Promise<Migration[]> {
  await sql.exec(MIGRATIONS_TABLE);
  const applied = await sql.all<{ version: number }>('SELECT version FROM schema_migrations');
  const pending = pendingMigrations(
    applied.map((r) => r.version),
    known,
  );
  for (const m of pending) {
    try {
      await sql.exec(m.sql);
      await m.run?.(sql);
    } catch (err) {
      throw new Error(
        `migration ${m.version} (${m.name}) failed, so none was applied: ${err instanceof Error ? err.message : String(err)}`,
        { cause: err },
      );
    }
    await sql.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
      m.version,
      m.name,
      new Date().toISOString(),
    ]);
  }
  return pending;
}
