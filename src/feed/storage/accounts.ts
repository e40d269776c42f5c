/**
 * Users, their tokens, projects and membership. Tokens are bearer secrets: looked up, never logged.
 */
import { randomBytes } from 'node:crypto';
import type { SqlSession } from './sql';

/**
 * The roles a token can have: people (`developer`, `lead`) read findings and decide on them; an
 * `uploader` is a CI token that uploads analyses and does nothing else (src/feed/roles.ts).
 */
export const FEED_ROLES = ['developer', 'lead', 'uploader'] as const;
export type FeedRole = (typeof FEED_ROLES)[number];

/** A feed user as the feed stores it. */
export interface FeedUser {
  id: string;
  name: string;
  role: FeedRole;
}

/** A new random bearer token. */
export function newToken(prefix = 'fl'): string {
  return `${prefix}_${randomBytes(24).toString('base64url')}`;
}

export class Accounts {
  constructor(private readonly sql: SqlSession) {}

  /** True when nothing has been seeded yet. */
  async isEmpty(): Promise<boolean> {
    return (await this.sql.get('SELECT 1 AS one FROM users LIMIT 1')) === undefined;
  }

  userByToken(token: string): Promise<FeedUser | undefined> {
    return this.sql.get<FeedUser>('SELECT id, name, role FROM users WHERE token = ?', [token]);
  }

  /** Every user, in the order they were added (`rowid` is a column of its own in PostgreSQL). */
  users(): Promise<Array<FeedUser & { token: string }>> {
    return this.sql.all('SELECT id, name, role, token FROM users ORDER BY rowid');
  }

  async addUser(user: FeedUser, token: string): Promise<void> {
    await this.sql.run('INSERT INTO users (id, name, role, token) VALUES (?, ?, ?, ?)', [user.id, user.name, user.role, token]);
  }

  async addProject(id: string, name: string, members: readonly string[]): Promise<void> {
    await this.sql.run('INSERT INTO projects (id, name) VALUES (?, ?)', [id, name]);
    for (const m of members) await this.sql.run('INSERT INTO members (project, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING', [id, m]);
  }

  async projectExists(id: string): Promise<boolean> {
    return (await this.sql.get('SELECT 1 AS one FROM projects WHERE id = ?', [id])) !== undefined;
  }

  async isMember(project: string, userId: string): Promise<boolean> {
    return (await this.sql.get('SELECT 1 AS one FROM members WHERE project = ? AND user_id = ?', [project, userId])) !== undefined;
  }

  async projectsOfUser(userId: string): Promise<string[]> {
    const rows = await this.sql.all<{ project: string }>('SELECT project FROM members WHERE user_id = ? ORDER BY project', [userId]);
    return rows.map((r) => r.project);
  }

  async projects(): Promise<string[]> {
    return (await this.sql.all<{ id: string }>('SELECT id FROM projects ORDER BY rowid')).map((r) => r.id);
  }

  async meta(key: string): Promise<string | undefined> {
    return (await this.sql.get<{ value: string }>('SELECT value FROM meta WHERE key = ?', [key]))?.value;
  }

  async setMetaValue(key: string, value: string): Promise<void> {
    await this.sql.run('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
  }

  /**
   * The value under `key`, stored as `value` first if there is none. The first writer wins by the
   * key's uniqueness (another instance's insert waits for it, then does nothing), so every
   * instance on one database reads the same value.
   */
  async metaOnce(key: string, value: string): Promise<string> {
    await this.sql.run('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING', [key, value]);
    const stored = await this.meta(key);
    if (stored === undefined) throw new Error(`meta ${key} is missing right after it was stored`);
    return stored;
  }

  /** The admin token of this database, created once. */
  async adminToken(): Promise<string> {
    return (await this.meta('adminToken')) ?? this.metaOnce('adminToken', newToken('fladmin'));
  }
}
