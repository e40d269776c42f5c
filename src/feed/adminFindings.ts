/**
 * The test controls that change findings: upsert, withdraw, and store a raw value. Every change
 * takes a new place in the change sequence, so the next incremental sync reports it.
 */
import { randomUUID } from 'node:crypto';
import { FeedHttpError } from './errors';
import { mergedFindingBody, newFindingBody } from './findingBody';
import type { FeedStorage, FeedTables } from './storage/feedStorage';
import { touchFinding } from './triage';

async function checkProject(storage: FeedStorage, project: unknown): Promise<string> {
  if (typeof project !== 'string' || !(await storage.accounts.projectExists(project))) {
    throw new FeedHttpError(404, 'not_found', `no project ${String(project)}`);
  }
  return project;
}

/** Creates or merges each finding (by id) in one transaction; answers the stored findings. */
export async function upsertFindings(storage: FeedStorage, projectName: unknown, partials: unknown): Promise<unknown[]> {
  const project = await checkProject(storage, projectName);
  if (!Array.isArray(partials)) throw new FeedHttpError(400, 'invalid_request', 'findings must be an array');
  const now = new Date().toISOString();
  return storage.transaction(async (tx) => {
    const stored: unknown[] = [];
    const seqs: number[] = [];
    for (const value of partials as unknown[]) {
      const one = await upsertOne(tx, project, value, now);
      stored.push(one.wire);
      seqs.push(one.seq);
    }
    if (seqs.length > 0) await recordFindingsChanged(tx, project, seqs[0]!, seqs[seqs.length - 1]!, seqs.length);
    return stored;
  });
}

/** One `findings` event for the changes of one transaction (their positions follow one another). */
function recordFindingsChanged(tx: FeedTables, project: string, first: number, last: number, count: number): Promise<unknown> {
  return tx.events.record({ project, kind: 'findings', changed: { first, last }, data: { count } });
}

async function upsertOne(tx: FeedTables, project: string, value: unknown, now: string): Promise<{ wire: unknown; seq: number }> {
  const partial = value as Record<string, unknown>;
  if (!partial || typeof partial !== 'object' || typeof partial.id !== 'string' || partial.id === '') {
    throw new FeedHttpError(400, 'invalid_request', 'every finding needs a string id');
  }
  const existing = await tx.findings.getForUpdate(partial.id);
  if (existing && existing.project !== project) {
    throw new FeedHttpError(409, 'conflict', `finding ${partial.id} belongs to project ${existing.project}`);
  }
  const revision = existing ? existing.revision + 1 : 1;
  const body =
    existing && !existing.raw
      ? mergedFindingBody(existing.body, partial, revision, now)
      : { ...newFindingBody(partial, now), revision: String(revision) };
  const latestDecision = existing?.raw ? null : (existing?.latestDecision ?? null);
  const saved = await tx.findings.save({
    key: partial.id,
    project,
    revision,
    status: String(body.status),
    raw: false,
    latestDecision,
    body,
  });
  return { wire: await tx.findings.wire(partial.id), seq: saved.seq };
}

/** Turns a finding into a tombstone; withdrawing a tombstone again changes nothing. */
export function withdrawFinding(storage: FeedStorage, id: string): Promise<unknown> {
  return storage.transaction(async (tx) => {
    const finding = await tx.findings.getForUpdate(id);
    if (!finding || finding.raw) throw new FeedHttpError(404, 'not_found', `no finding ${id}`);
    if (finding.status !== 'withdrawn') {
      const saved = await touchFinding(tx, finding, { status: 'withdrawn' });
      await recordFindingsChanged(tx, finding.project, saved.seq, saved.seq, 1);
    }
    return tx.findings.wire(id);
  });
}

/** Stores any JSON value as the next finding of a project, as-is. */
export async function storeRaw(storage: FeedStorage, projectName: unknown, value: unknown): Promise<{ key: string }> {
  const project = await checkProject(storage, projectName);
  const obj = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  const key = typeof obj?.id === 'string' && obj.id !== '' ? obj.id : `raw_${randomUUID()}`;
  const status = typeof obj?.status === 'string' ? obj.status : 'open';
  await storage.transaction(async (tx) => {
    const existing = await tx.findings.getForUpdate(key);
    const revision = existing ? existing.revision + 1 : 1;
    const saved = await tx.findings.save({
      key,
      project,
      revision,
      status,
      raw: true,
      latestDecision: null,
      body: value as Record<string, unknown>,
    });
    await recordFindingsChanged(tx, project, saved.seq, saved.seq, 1);
  });
  return { key };
}
