/**
 * Seed files: the users, projects and findings a fresh feed database starts with. A seed is applied
 * only to an empty database, so a feed restarted on the same file keeps its state and tokens.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { Finding, FindingStatus } from '../shared/feed';
import { newToken } from './accounts';
import { firstProblem, newFindingBody } from './findingBody';
import type { FeedStore } from './store';

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
      role: z.enum(['developer', 'lead']),
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

/** Writes a seed into an empty database, in one transaction. */
export function applySeed(store: FeedStore, seed: z.output<typeof SeedFile>): void {
  const allUsers = seed.users.map((u) => u.id);
  const now = new Date().toISOString();
  store.transaction(() => {
    if (seed.adminToken) store.accounts.setMetaValue('adminToken', seed.adminToken);
    for (const u of seed.users) store.accounts.addUser({ id: u.id, name: u.name, role: u.role }, u.token ?? newToken());
    for (const p of seed.projects) store.accounts.addProject(p.id, p.name ?? p.id, p.members ?? allUsers);
    for (const f of seed.findings) {
      const { project, ...partial } = f;
      if (!store.accounts.projectExists(project)) throw new Error(`seed finding ${f.id}: unknown project ${project}`);
      const body = newFindingBody(partial, now);
      store.findings.save({ key: f.id, project, revision: 1, status: String(body.status), raw: false, latestDecision: null, body });
    }
  });
}
