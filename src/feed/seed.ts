/**
 * Seed files: the users, projects and findings a fresh feed database starts with. A seed is applied
 * only to an empty database, so a feed restarted on the same file keeps its state and tokens.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { Finding, FindingStatus } from '../shared/feed';
import { firstProblem, newFindingBody } from './findingBody';
import { ROLES } from './storage/accounts';
import type { FeedStorage } from './storage/feedStorage';
import { newToken } from './storage/tokens';
import { DEFAULT_ORGANIZATION } from './storage/tokenMigration';

/** One finding of a seed: a Finding without what the feed fills in, plus its project. */
export const SeedFinding = Finding.omit({ revision: true, createdAt: true, updatedAt: true, status: true, triage: true }).extend({
  project: z.string().min(1),
  status: FindingStatus.optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
});
export type SeedFinding = z.infer<typeof SeedFinding>;

/** A seed file (see docs/feed-protocol.md, "Test controls of the reference feed"). */
export const SeedFile = z.object({
  /** Fixed tokens make a seed reproducible; without them each database gets random ones. */
  adminToken: z.string().min(8).optional(),
  /** Organizations other than `default`, which users and projects without `org` join. */
  organizations: z.array(z.object({ id: z.string().min(1), name: z.string().optional() })).default([]),
  users: z.array(
    z.object({
      id: z.string().min(1),
      name: z.string(),
      role: z.enum(ROLES),
      org: z.string().min(1).default(DEFAULT_ORGANIZATION),
      token: z.string().min(8).optional(),
    }),
  ),
  projects: z.array(
    z.object({
      id: z.string().min(1),
      name: z.string().optional(),
      org: z.string().min(1).default(DEFAULT_ORGANIZATION),
      /** User ids; every user of the project's organization when left out. */
      members: z.array(z.string()).optional(),
    }),
  ),
  findings: z.array(SeedFinding).default([]),
});
export type SeedFile = z.input<typeof SeedFile>;

/** Where the demo seed lives, from src/feed (tests) or dist (the bundle). */
export function demoSeedPath(): string {
  const candidates = [resolve(__dirname, '../test/fixtures/demo-feed.json'), resolve(__dirname, '../../test/fixtures/demo-feed.json')];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`demo seed not found (looked at ${candidates.join(', ')}); pass --seed <file>`);
  return found;
}

/** Reads and checks a seed given as an object or a file path. */
export function loadSeed(seed: SeedFile | string): z.output<typeof SeedFile> {
  const raw: unknown = typeof seed === 'string' ? JSON.parse(readFileSync(seed, 'utf8')) : seed;
  const parsed = SeedFile.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`invalid seed${typeof seed === 'string' ? ` ${seed}` : ''}: ${firstProblem(parsed.error)}`);
  }
  return parsed.data;
}

/** The tokens a seeding issued: they exist in plain text only now (the database keeps their hashes). */
export interface IssuedTokens {
  /** User id → bearer token. */
  users: Record<string, string>;
  adminToken?: string;
}

/**
 * Writes a seed into an empty database, in one transaction; resolves with the tokens it issued, or
 * nothing when the database was not empty (another instance starting on it at the same moment
 * seeded it first: the change lock makes the second wait, then find it seeded).
 */
export function applySeed(storage: FeedStorage, seed: z.output<typeof SeedFile>): Promise<IssuedTokens | undefined> {
  const now = new Date().toISOString();
  return storage.transaction(async (tx) => {
    await tx.findings.lockChanges();
    if (!(await tx.accounts.isEmpty())) return undefined;
    const issued: IssuedTokens = { users: {} };
    if (seed.adminToken) {
      await tx.accounts.setAdminToken(seed.adminToken);
      issued.adminToken = seed.adminToken;
    }
    for (const o of seed.organizations) await tx.accounts.addOrganization(o.id, o.name ?? o.id);
    for (const u of seed.users) {
      await tx.accounts.ensureOrganization(u.org, u.org);
      await tx.accounts.addUser({ id: u.id, name: u.name, role: u.role, org: u.org });
      const token = u.token ?? newToken();
      await tx.tokens.add(u.id, token, { label: 'seed' });
      issued.users[u.id] = token;
    }
    for (const p of seed.projects) {
      await tx.accounts.ensureOrganization(p.org, p.org);
      const members = p.members ?? seed.users.filter((u) => u.org === p.org).map((u) => u.id);
      await tx.accounts.addProject(p.id, p.name ?? p.id, p.org, members);
    }
    const projects = new Set(seed.projects.map((p) => p.id));
    const ids = new Set<string>();
    for (const f of seed.findings) {
      const { project, ...partial } = f;
      if (!projects.has(project)) throw new Error(`seed finding ${f.id}: unknown project ${project}`);
      if (ids.has(f.id)) throw new Error(`seed finding ${f.id} is given twice: ids must be unique`);
      ids.add(f.id);
      const body = newFindingBody(partial, now);
      await tx.findings.save({ key: f.id, project, revision: 1, status: String(body.status), raw: false, latestDecision: null, body });
    }
    return issued;
  });
}

/** The tokens a seed fixes that the database still accepts (a restart can show only those: the others exist only as hashes). */
export async function seedTokensStillValid(storage: FeedStorage, seed: z.output<typeof SeedFile>): Promise<IssuedTokens> {
  const kept: IssuedTokens = { users: {} };
  for (const u of seed.users) {
    if (u.token !== undefined && (await storage.accounts.userByToken(u.token))?.id === u.id) kept.users[u.id] = u.token;
  }
  if (seed.adminToken !== undefined && (await storage.accounts.isAdminToken(seed.adminToken))) kept.adminToken = seed.adminToken;
  return kept;
}
