/**
 * Seed files: the users, projects and findings a fresh feed database starts with. A seed is applied
 * only to an empty database, so a feed restarted on the same file keeps its state and tokens.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { Finding, FindingStatus } from '../shared/feed';
import { firstProblem, newFindingBody } from './findingBody';
import { FEED_ROLES, newToken } from './storage/accounts';
import type { FeedStorage } from './storage/feedStorage';

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
  users: z.array(
    z.object({
      id: z.string().min(1),
      name: z.string(),
      role: z.enum(FEED_ROLES),
      token: z.string().min(8).optional(),
    }),
  ),
  projects: z.array(
    z.object({
      id: z.string().min(1),
      name: z.string().optional(),
      /** User ids; every user of the seed when left out. */
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

/**
 * Writes a seed into an empty database, in one transaction; false when the database was not empty
 * (another instance starting on it at the same moment seeded it first: the change lock makes the
 * second wait, then find it seeded).
 */
export function applySeed(storage: FeedStorage, seed: z.output<typeof SeedFile>): Promise<boolean> {
  const allUsers = seed.users.map((u) => u.id);
  const now = new Date().toISOString();
  return storage.transaction(async (tx) => {
    await tx.findings.lockChanges();
    if (!(await tx.accounts.isEmpty())) return false;
    if (seed.adminToken) await tx.accounts.setMetaValue('adminToken', seed.adminToken);
    for (const u of seed.users) await tx.accounts.addUser({ id: u.id, name: u.name, role: u.role }, u.token ?? newToken());
    for (const p of seed.projects) await tx.accounts.addProject(p.id, p.name ?? p.id, p.members ?? allUsers);
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
    return true;
  });
}
