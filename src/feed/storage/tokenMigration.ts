/**
 * Migration 2's step in code: the tokens the feed kept in plain text (a column of `users`, and the
 * admin token in `meta`) become SHA-256 hashes, and each user's old token keeps working; the users
 * and projects already there join one organization, `default`. Both databases run it; SQL alone
 * cannot hash in SQLite.
 */
import type { SqlSession } from './sql';
import { newTokenId, tokenHash } from './tokens';

/** Migration 2's tables, in the SQL both databases accept. */
export const ORGANIZATIONS_AND_TOKENS = `
CREATE TABLE organizations (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at TEXT NOT NULL);
ALTER TABLE users ADD COLUMN org TEXT NOT NULL DEFAULT 'default';
ALTER TABLE projects ADD COLUMN org TEXT NOT NULL DEFAULT 'default';
CREATE TABLE tokens (
  id TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, user_id TEXT NOT NULL, label TEXT NOT NULL,
  created_at TEXT NOT NULL, expires_at TEXT, revoked_at TEXT
);
CREATE INDEX tokens_by_user ON tokens (user_id);
`;

/** The organization that the users and projects of a database from before organizations join. */
export const DEFAULT_ORGANIZATION = 'default';

export async function hashStoredTokens(sql: SqlSession): Promise<void> {
  const now = new Date().toISOString();
  if ((await sql.get('SELECT 1 AS one FROM users UNION ALL SELECT 1 AS one FROM projects LIMIT 1')) !== undefined) {
    await sql.run('INSERT INTO organizations (id, name, created_at) VALUES (?, ?, ?)', [DEFAULT_ORGANIZATION, 'Default organization', now]);
  }
  const users = await sql.all<{ id: string; token: string }>('SELECT id, token FROM users ORDER BY rowid');
  for (const u of users) {
    await sql.run('INSERT INTO tokens (id, hash, user_id, label, created_at) VALUES (?, ?, ?, ?, ?)', [
      newTokenId(),
      tokenHash(u.token),
      u.id,
      'kept from before tokens were hashed',
      now,
    ]);
  }
  const admin = await sql.get<{ value: string }>("SELECT value FROM meta WHERE key = 'adminToken'");
  if (admin) {
    await sql.run("INSERT INTO meta (key, value) VALUES ('adminTokenHash', ?)", [tokenHash(admin.value)]);
    await sql.run("DELETE FROM meta WHERE key = 'adminToken'");
  }
}
