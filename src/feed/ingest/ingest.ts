/**
 * A mapped SARIF log into the feed's storage, in the caller's transaction (the upload's one: an
 * analysis is taken whole or not at all). Reads, with the change lock held, the findings of each
 * tool and category the log has; plans what the analysis does to them (plan.ts); records the
 * suppressions as the tool's decisions; writes the findings in batches, which refs report them,
 * and the analysis; answers the receipt.
 */
import { randomUUID } from 'node:crypto';
import type { AnalysisReceipt, AnalysisSetAside } from '../../shared/analysis';
import type { MappedFinding, MappedLog } from '../sarif/types';
import type { ScopeFinding } from '../storage/analysesTable';
import type { FeedTables } from '../storage/feedStorage';
import type { AnalysedFinding, SarifIdentity } from '../storage/findingsTable';
import { batches } from '../storage/sql';
import { contentHash } from './content';
import { planScope, type Known, type Result, type Scope, type ScopePlan } from './plan';
import { receiptOf, scopeNotes } from './receipt';
import { recordToolDecisions, statusAfter, unrecorded } from './toolDecisions';

/** Who uploaded what, beside the log. */
export interface AnalysisUpload {
  project: string;
  category: string;
  ref: string;
  /** The commit analysed; '' when unknown (a local log outside git). */
  commit: string;
  uploader: string;
}

export interface IngestHooks {
  /** After each batch of findings is written, with how many so far: where the test faults stop an upload. */
  written?(count: number): Promise<void>;
}

function scopeKey(tool: string, category: string): string {
  return JSON.stringify([tool, category]);
}

/** The log's tools and categories, each with its runs merged and its results. */
function scopesOf(mapped: MappedLog): Array<{ scope: Scope; results: Result[] }> {
  const byKey = new Map<string, { scope: Scope & { unread: { rules: Set<string> } }; results: Result[] }>();
  for (const run of mapped.runs) {
    const key = scopeKey(run.tool, run.category);
    let entry = byKey.get(key);
    if (!entry) {
      entry = {
        scope: { tool: run.tool, category: run.category, complete: true, unread: { rules: new Set(), anyRule: false } },
        results: [],
      };
      byKey.set(key, entry);
    }
    entry.scope.complete &&= run.complete;
    entry.scope.unread.anyRule ||= run.unread.anyRule;
    for (const rule of run.unread.rules) entry.scope.unread.rules.add(rule);
  }
  for (const mapped_ of mapped.findings) {
    byKey
      .get(scopeKey(mapped_.scope.tool, mapped_.scope.category))!
      .results.push({ mapped: mapped_, contentHash: contentHash(mapped_.finding) });
  }
  return [...byKey.values()];
}

function identityOf(m: MappedFinding, hash: string): SarifIdentity {
  const { tool, category, ruleId } = m.scope;
  return { tool, category, rule: ruleId, fingerprint: `${m.fingerprint.source}:${m.fingerprint.value}`, contentHash: hash };
}

function storedIdentity(scope: Scope, f: ScopeFinding): SarifIdentity {
  return { tool: scope.tool, category: scope.category, rule: f.rule, fingerprint: f.fingerprint, contentHash: f.contentHash };
}

function setAsideFor(result: Result, reason: string): AnalysisSetAside {
  const { run, index, scope } = result.mapped;
  return { run, index, what: 'result', ruleId: scope.ruleId, reason };
}

/**
 * What the upload writes, gathered over every scope before anything is written. Each finding's row
 * is made when its batch is written: 100,000 rows made at once would outlive the young generation.
 */
interface Writes {
  findings: Array<() => AnalysedFinding>;
  report: string[];
  unreport: string[];
  setAside: AnalysisSetAside[];
  notes: string[];
  counts: { new: number; unchanged: number; changed: number; fixed: number; reopened: number };
}

/** Ids the feed already holds outside the scope (a finding of another kind, or a test value): those results are set aside. */
async function dropHeldElsewhere(tx: FeedTables, plan: ScopePlan, writes: Writes): Promise<void> {
  const held = await tx.findings.existingKeys(plan.created.map((r) => r.mapped.finding.id));
  if (held.size === 0) return;
  for (const r of plan.created.filter((r) => held.has(r.mapped.finding.id)))
    writes.setAside.push(setAsideFor(r, `its finding id ${r.mapped.finding.id} is held by another finding of the feed`));
  plan.created = plan.created.filter((r) => !held.has(r.mapped.finding.id));
  plan.reportedHereNow = plan.reportedHereNow.filter((id) => !held.has(id));
}

async function planWrites(
  tx: FeedTables,
  scope: Scope,
  results: Result[],
  upload: AnalysisUpload,
  now: string,
  writes: Writes,
): Promise<void> {
  const existing = await tx.analyses.scope(upload.project, scope.tool, scope.category, upload.ref);
  const plan = planScope(scope, results, existing);
  for (const r of plan.heldByRaw) writes.setAside.push(setAsideFor(r, `its finding id ${r.mapped.finding.id} is held by a raw test value`));
  await dropHeldElsewhere(tx, plan, writes);

  const decided = new Map<string, string>();
  const statusOf = new Map<string, string>();
  const decide = async (r: Result, isNew: boolean): Promise<void> => {
    const { finding, toolDecisions } = r.mapped;
    if (toolDecisions.length === 0) return;
    const fresh = await unrecorded(tx, finding.id, scope.tool, toolDecisions, isNew);
    if (fresh.length === 0) return;
    decided.set(finding.id, await recordToolDecisions(tx, { key: finding.id, project: upload.project }, scope.tool, fresh, now));
    statusOf.set(finding.id, statusAfter(fresh[fresh.length - 1]!));
  };
  for (const r of plan.created) await decide(r, true);
  for (const k of [...plan.unchanged, ...plan.changed, ...plan.reopened]) await decide(k.result, false);
  const newlyDecided = plan.unchanged.filter((k) => decided.has(k.existing.key));
  const rewritten: Known[] = [...plan.changed, ...newlyDecided, ...plan.reopened];
  const bodies = await tx.findings.bodies([...rewritten.map((k) => k.existing.key), ...plan.fixed.map((f) => f.key)]);

  for (const r of plan.created) {
    const id = r.mapped.finding.id;
    writes.findings.push(() => ({
      key: id,
      project: upload.project,
      revision: 1,
      status: statusOf.get(id) ?? 'open',
      latestDecision: decided.get(id) ?? null,
      body: { ...r.mapped.finding, revision: '1', status: statusOf.get(id) ?? 'open', createdAt: now, updatedAt: now },
      sarif: identityOf(r.mapped, r.contentHash),
    }));
  }
  for (const { result, existing: e } of rewritten) {
    const reopened = !['open', 'acknowledged', 'disputed'].includes(e.status);
    const status = statusOf.get(e.key) ?? (reopened ? 'open' : e.status);
    const revision = e.revision + 1;
    const createdAt = bodies.get(e.key)?.createdAt ?? now;
    writes.findings.push(() => ({
      key: e.key,
      project: upload.project,
      revision,
      status,
      latestDecision: decided.get(e.key) ?? e.latestDecision,
      body: { ...result.mapped.finding, revision: String(revision), status, createdAt, updatedAt: now },
      sarif: identityOf(result.mapped, result.contentHash),
    }));
  }
  for (const f of plan.fixed) {
    const revision = f.revision + 1;
    const body = { ...bodies.get(f.key), revision: String(revision), status: 'fixed', updatedAt: now };
    writes.findings.push(() => ({
      key: f.key,
      project: upload.project,
      revision,
      status: 'fixed',
      latestDecision: f.latestDecision,
      body,
      sarif: storedIdentity(scope, f),
    }));
  }

  writes.report.push(...plan.reportedHereNow);
  writes.unreport.push(...plan.goneHere.map((f) => f.key));
  writes.notes.push(...scopeNotes(scope, plan, upload.ref));
  writes.counts.new += plan.created.length;
  writes.counts.unchanged += plan.unchanged.length - newlyDecided.length;
  writes.counts.changed += plan.changed.length + newlyDecided.length;
  writes.counts.reopened += plan.reopened.length;
  writes.counts.fixed += plan.fixed.length;
}

/** Takes a mapped log as one analysis; the caller's transaction makes it all or nothing. */
export async function ingestAnalysis(
  tx: FeedTables,
  mapped: MappedLog,
  upload: AnalysisUpload,
  hooks: IngestHooks = {},
): Promise<AnalysisReceipt> {
  const now = new Date().toISOString();
  await tx.findings.lockChanges();
  const writes: Writes = {
    findings: [],
    report: [],
    unreport: [],
    setAside: [...mapped.setAside],
    notes: [...mapped.notes],
    counts: { new: 0, unchanged: 0, changed: 0, fixed: 0, reopened: 0 },
  };
  for (const { scope, results } of scopesOf(mapped)) await planWrites(tx, scope, results, upload, now, writes);

  let written = 0;
  for (const batch of batches(writes.findings)) {
    await tx.findings.saveAnalysed(batch.map((row) => row()));
    written += batch.length;
    await hooks.written?.(written);
  }
  await tx.analyses.report(writes.report, upload.ref);
  await tx.analyses.unreport(writes.unreport, upload.ref);
  const analysis = {
    id: `an_${randomUUID()}`,
    project: upload.project,
    category: upload.category,
    commit: upload.commit,
    ref: upload.ref,
    tools: [...new Set(mapped.runs.map((r) => r.tool))],
  };
  const receipt = receiptOf({ analysis, counts: writes.counts, setAside: writes.setAside, notes: writes.notes });
  await tx.analyses.add({ ...analysis, uploader: upload.uploader, at: now, counts: receipt.counts });
  return receipt;
}
