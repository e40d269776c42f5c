/**
 * The test controls that change findings: upsert, withdraw, and store a raw value. Every change
 * takes a new place in the change sequence, so the next incremental sync reports it.
 */
import { randomUUID } from 'node:crypto';
import { FeedHttpError } from './errors';
import { mergedFindingBody, newFindingBody } from './findingBody';
import type { FeedStore } from './store';
import { touchFinding } from './triage';

function checkProject(store: FeedStore, project: unknown): string {
  if (typeof project !== 'string' || !store.accounts.projectExists(project)) {
    throw new FeedHttpError(404, 'not_found', `no project ${String(project)}`);
  }
  return project;
}

/** Creates or merges each finding (by id) in one transaction; answers the stored findings. */
export function upsertFindings(store: FeedStore, projectName: unknown, partials: unknown): unknown[] {
  const project = checkProject(store, projectName);
  if (!Array.isArray(partials)) throw new FeedHttpError(400, 'invalid_request', 'findings must be an array');
  const now = new Date().toISOString();
  return store.transaction(() =>
    partials.map((value: unknown) => {
      const partial = value as Record<string, unknown>;
      if (!partial || typeof partial !== 'object' || typeof partial.id !== 'string' || partial.id === '') {
        throw new FeedHttpError(400, 'invalid_request', 'every finding needs a string id');
      }
      const existing = store.findings.get(partial.id);
      if (existing && existing.project !== project) {
        throw new FeedHttpError(409, 'conflict', `finding ${partial.id} belongs to project ${existing.project}`);
      }
      const revision = existing ? existing.revision + 1 : 1;
      const body =
        existing && !existing.raw
          ? mergedFindingBody(existing.body, partial, revision, now)
          : { ...newFindingBody(partial, now), revision: String(revision) };
      store.findings.save({
        key: partial.id,
        project,
        revision,
        status: String(body.status),
        raw: false,
        latestDecision: existing?.raw ? null : (existing?.latestDecision ?? null),
        body,
      });
      return store.findings.wire(partial.id);
    }),
  );
}

/** Turns a finding into a tombstone; withdrawing a tombstone again changes nothing. */
export function withdrawFinding(store: FeedStore, id: string): unknown {
  return store.transaction(() => {
    const finding = store.findings.get(id);
    if (!finding || finding.raw) throw new FeedHttpError(404, 'not_found', `no finding ${id}`);
    if (finding.status !== 'withdrawn') touchFinding(store, finding, { status: 'withdrawn' });
    return store.findings.wire(id);
  });
}

/** Stores any JSON value as the next finding of a project, as-is. */
export function storeRaw(store: FeedStore, projectName: unknown, value: unknown): { key: string } {
  const project = checkProject(store, projectName);
  const obj = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  const key = typeof obj?.id === 'string' && obj.id !== '' ? obj.id : `raw_${randomUUID()}`;
  const status = typeof obj?.status === 'string' ? obj.status : 'open';
  store.transaction(() => {
    const existing = store.findings.get(key);
    const revision = existing ? existing.revision + 1 : 1;
    store.findings.save({ key, project, revision, status, raw: true, latestDecision: null, body: value as Record<string, unknown> });
  });
  return { key };
}
