/**
 * Organizations, users, projects and membership, and the admin token of the test controls. A user
 * and a project each belong to one organization, and a user is a member only of projects of their
 * own: what another organization has is never shown to them, not even that it exists.
 */
import { type SqlSession } from './sql';
import { newToken, tokenHash, TokensTable } from './tokens';

/** What a user may do: developers triage, leads also review, uploaders (CI) only upload analyses. */
export const ROLES = ['developer', 'lead', 'uploader'] as const;
export type Role = (typeof ROLES)[number];

/** A feed user as the feed stores it. */
export interface FeedUser {
  id: string;
  name: string;
  role: Role;
  org: string;
}

/** The user a request's token belongs to, and which token it was (rate limits and stream bounds count per token). */
export interface TokenUser extends FeedUser {
  tokenId: string;
}

/** A project as listed. */
export interface ProjectInfo {
  id: string;
  name: string;
  org: string;
}

const USER_COLUMNS = 'u.id, u.name, u.role, u.org';

export class Accounts {
  private readonly tokens: TokensTable;

  constructor(private readonly sql: SqlSession) {
    this.tokens = new TokensTable(sql);
  }

  /** True when nothing has been seeded or created yet. */
  async isEmpty(): Promise<boolean> {
    const any = 'SELECT 1 AS one FROM users UNION ALL SELECT 1 AS one FROM projects UNION ALL SELECT 1 AS one FROM organizations LIMIT 1';
    return (await this.sql.get(any)) === undefined;
  }

  /** The user of a valid (known, unrevoked, unexpired) token. */
  async userByToken(token: string, now = new Date()): Promise<TokenUser | undefined> {
    const valid = await this.tokens.valid(token, now);
    if (!valid) return undefined;
    const user = await this.user(valid.userId);
    return user && { ...user, tokenId: valid.tokenId };
  }

  user(id: string): Promise<FeedUser | undefined> {
    return this.sql.get<FeedUser>(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = ?`, [id]);
  }

  /** Every user (of one organization, or of all), in the order they were added. */
  users(org?: string): Promise<FeedUser[]> {
    // `rowid` is SQLite's own and a column of its own in PostgreSQL.
    if (org === undefined) return this.sql.all(`SELECT ${USER_COLUMNS} FROM users u ORDER BY u.rowid`);
    return this.sql.all(`SELECT ${USER_COLUMNS} FROM users u WHERE u.org = ? ORDER BY u.rowid`, [org]);
  }

  async addOrganization(id: string, name: string): Promise<void> {
    await this.sql.run('INSERT INTO organizations (id, name, created_at) VALUES (?, ?, ?)', [id, name, new Date().toISOString()]);
  }

  /** Creates the organization unless it exists (seeds name organizations implicitly). */
  async ensureOrganization(id: string, name: string): Promise<void> {
    await this.sql.run('INSERT INTO organizations (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING', [
      id,
      name,
      new Date().toISOString(),
    ]);
  }

  async organizationExists(id: string): Promise<boolean> {
    return (await this.sql.get('SELECT 1 AS one FROM organizations WHERE id = ?', [id])) !== undefined;
  }

  organizations(): Promise<Array<{ id: string; name: string; createdAt: string }>> {
    return this.sql.all('SELECT id, name, created_at AS "createdAt" FROM organizations ORDER BY created_at, id');
  }

  async addUser(user: FeedUser): Promise<void> {
    await this.sql.run('INSERT INTO users (id, name, role, org) VALUES (?, ?, ?, ?)', [user.id, user.name, user.role, user.org]);
  }

  async addProject(id: string, name: string, org: string, members: readonly string[]): Promise<void> {
    await this.sql.run('INSERT INTO projects (id, name, org) VALUES (?, ?, ?)', [id, name, org]);
    for (const m of members) await this.addMember(id, m);
  }

  /** Makes a user a member of a project of their own organization (refused across organizations). */
  async addMember(project: string, userId: string): Promise<void> {
    const added = await this.sql.run(
      `INSERT INTO members (project, user_id) SELECT p.id, u.id FROM projects p JOIN users u ON u.org = p.org
       WHERE p.id = ? AND u.id = ? ON CONFLICT DO NOTHING`,
      [project, userId],
    );
    if (added === 0 && !(await this.isMember(project, userId))) {
      throw new Error(`${userId} cannot join ${project}: one of them does not exist, or they belong to different organizations`);
    }
  }

  async removeMember(project: string, userId: string): Promise<boolean> {
    return (await this.sql.run('DELETE FROM members WHERE project = ? AND user_id = ?', [project, userId])) === 1;
  }

  async projectExists(id: string): Promise<boolean> {
    return (await this.project(id)) !== undefined;
  }

  project(id: string): Promise<ProjectInfo | undefined> {
    return this.sql.get<ProjectInfo>('SELECT id, name, org FROM projects WHERE id = ?', [id]);
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

  /** Every project (of one organization, or of all) with its members, in the order they were added. */
  async projectList(org?: string): Promise<Array<ProjectInfo & { members: string[] }>> {
    const rows =
      org === undefined
        ? await this.sql.all<ProjectInfo>('SELECT id, name, org FROM projects ORDER BY rowid')
        : await this.sql.all<ProjectInfo>('SELECT id, name, org FROM projects WHERE org = ? ORDER BY rowid', [org]);
    const members = await this.sql.all<{ project: string; user_id: string }>('SELECT project, user_id FROM members ORDER BY user_id');
    return rows.map((p) => ({ ...p, members: members.filter((m) => m.project === p.id).map((m) => m.user_id) }));
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

  /** True when `token` is the admin token of the test controls. */
  async isAdminToken(token: string): Promise<boolean> {
    const stored = await this.meta('adminTokenHash');
    return stored !== undefined && stored === tokenHash(token);
  }

  /** Sets the admin token (a seed's fixed one); only its hash is kept. */
  setAdminToken(token: string): Promise<void> {
    return this.setMetaValue('adminTokenHash', tokenHash(token));
  }

  /**
   * Creates the admin token if the database has none, and resolves with it: it can be shown only
   * now. Resolves with nothing when there already was one (another instance may have just made it).
   */
  async createAdminToken(): Promise<string | undefined> {
    const token = newToken('fladmin');
    const hash = tokenHash(token);
    return (await this.metaOnce('adminTokenHash', hash)) === hash ? token : undefined;
  }
}
