/**
 * Users, their tokens, projects and membership. Tokens are bearer secrets: looked up, never logged.
 */
import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';

/** A feed user as the feed stores it. */
export interface FeedUser {
  id: string;
  name: string;
  role: 'developer' | 'lead';
}

/** A new random bearer token. */
export function newToken(prefix = 'fl'): string {
  return `${prefix}_${randomBytes(24).toString('base64url')}`;
}

export class Accounts {
  private readonly byToken;
  private readonly allUsers;
  private readonly insertUser;
  private readonly insertProject;
  private readonly insertMember;
  private readonly projectRow;
  private readonly memberRow;
  private readonly projectsOf;
  private readonly allProjects;
  private readonly getMeta;
  private readonly setMeta;

  constructor(db: Database.Database) {
    this.byToken = db.prepare<[string], FeedUser>('SELECT id, name, role FROM users WHERE token = ?');
    this.allUsers = db.prepare<[], FeedUser & { token: string }>('SELECT id, name, role, token FROM users ORDER BY rowid');
    this.insertUser = db.prepare('INSERT INTO users (id, name, role, token) VALUES (?, ?, ?, ?)');
    this.insertProject = db.prepare('INSERT INTO projects (id, name) VALUES (?, ?)');
    this.insertMember = db.prepare('INSERT OR IGNORE INTO members (project, user_id) VALUES (?, ?)');
    this.projectRow = db.prepare<[string], { id: string; name: string }>('SELECT id, name FROM projects WHERE id = ?');
    this.memberRow = db.prepare<[string, string], { one: number }>('SELECT 1 AS one FROM members WHERE project = ? AND user_id = ?');
    this.projectsOf = db.prepare<[string], { project: string }>('SELECT project FROM members WHERE user_id = ? ORDER BY project');
    this.allProjects = db.prepare<[], { id: string }>('SELECT id FROM projects ORDER BY rowid');
    this.getMeta = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
    this.setMeta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  }

  /** True when nothing has been seeded yet. */
  isEmpty(): boolean {
    return this.allUsers.all().length === 0;
  }

  userByToken(token: string): FeedUser | undefined {
    return this.byToken.get(token);
  }

  users(): Array<FeedUser & { token: string }> {
    return this.allUsers.all();
  }

  addUser(user: FeedUser, token: string): void {
    this.insertUser.run(user.id, user.name, user.role, token);
  }

  addProject(id: string, name: string, members: readonly string[]): void {
    this.insertProject.run(id, name);
    for (const m of members) this.insertMember.run(id, m);
  }

  projectExists(id: string): boolean {
    return this.projectRow.get(id) !== undefined;
  }

  isMember(project: string, userId: string): boolean {
    return this.memberRow.get(project, userId) !== undefined;
  }

  projectsOfUser(userId: string): string[] {
    return this.projectsOf.all(userId).map((r) => r.project);
  }

  projects(): string[] {
    return this.allProjects.all().map((r) => r.id);
  }

  meta(key: string): string | undefined {
    return this.getMeta.get(key)?.value;
  }

  setMetaValue(key: string, value: string): void {
    this.setMeta.run(key, value);
  }

  /** The admin token of this database, created once. */
  adminToken(): string {
    const existing = this.meta('adminToken');
    if (existing) return existing;
    const token = newToken('fladmin');
    this.setMetaValue('adminToken', token);
    return token;
  }
}
