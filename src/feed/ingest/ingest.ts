/**
 * A mapped SARIF log into the feed's storage, in the caller's transaction (the upload's one: an
 * analysis is taken whole or not at all). Reads, with the change lock held, the findings of each
 * tool and category the log has; plans what the analysis does to them (plan.ts); records the
 * suppressions as the tool's decisions; writes the findings in batches, which refs report them,
 * and the analysis; answers the receipt.
 */
import { randomUUID } from 'node:crypto';
import type { AnalysisReceipt, AnalysisSetAside } from '../../shared/analysis';
import type { MappedLog } from '../sarif/types';
import type { FeedTables } from '../storage/feedStorage';
import type { AnalysedFinding } from '../storage/findingsTable';
import { batches } from '../storage/sql';
import { isActive, planScope, type Result, type Scope, type ScopePlan } from './plan';
import { receiptOf, scopeNotes } from './receipt';
import { newRow, rewrittenRow, statusRow, type RowContext, type ToolOutcome } from './rows';
import { scopesOf } from './scopes';
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

function setAsideFor(result: Result, reason: string): AnalysisSetAside {
  const { run, index, scope } = result.mapped;
  return { run, index, what: 'result', ruleId: scope.ruleId, reason };
}

/** The scope's findings read with the change lock, the plan, and the results whose ids other findings hold set aside. */
async function planOf(tx: FeedTables, scope: Scope, results: Result[], upload: AnalysisUpload, writes: Writes): Promise<ScopePlan> {
  const plan = planScope(scope, results, await tx.analyses.scope(upload.project, scope.tool, scope.category, upload.ref));
  for (const r of plan.heldByRaw) writes.setAside.push(setAsideFor(r, `its finding id ${r.mapped.finding.id} is held by a raw test value`));
  const held = await tx.findings.existingKeys(plan.created.map((r) => r.mapped.finding.id));
  if (held.size === 0) return plan;
  for (const r of plan.created.filter((r) => held.has(r.mapped.finding.id)))
    writes.setAside.push(setAsideFor(r, `its finding id ${r.mapped.finding.id} is held by another finding of the feed`));
  plan.created = plan.created.filter((r) => !held.has(r.mapped.finding.id));
  plan.reportedHereNow = plan.reportedHereNow.filter((id) => !held.has(id));
  return plan;
}

/** Records the suppressions not recorded yet as the tool's decisions; what they made of each finding, by id. */
async function decideByTool(tx: FeedTables, plan: ScopePlan, ctx: RowContext): Promise<Map<string, ToolOutcome>> {
  const outcomes = new Map<string, ToolOutcome>();
  const created = new Set(plan.created.map((r) => r.mapped.finding.id));
  const results = [...plan.created, ...[...plan.unchanged, ...plan.changed, ...plan.reopened].map((k) => k.result)];
  for (const { mapped } of results.filter((r) => r.mapped.toolDecisions.length > 0)) {
    const id = mapped.finding.id;
    const fresh = await unrecorded(tx, id, ctx.scope.tool, mapped.toolDecisions, created.has(id));
    if (fresh.length === 0) continue;
    const latestDecision = await recordToolDecisions(tx, { key: id, project: ctx.project }, ctx.scope.tool, fresh, ctx.now);
    outcomes.set(id, { latestDecision, status: statusAfter(fresh[fresh.length - 1]!) });
  }
  return outcomes;
}

/** Queues the rows of the scope's writes, and counts them. */
async function queueWrites(tx: FeedTables, plan: ScopePlan, ctx: RowContext, ref: string, writes: Writes): Promise<void> {
  const outcomes = await decideByTool(tx, plan, ctx);
  const newlyDecided = plan.unchanged.filter((k) => outcomes.has(k.existing.key));
  const rewritten = [...plan.changed, ...plan.reopened];
  const bodies = await tx.findings.bodies([...rewritten, ...newlyDecided].map((k) => k.existing.key).concat(plan.fixed.map((f) => f.key)));
  const stored = (key: string) => bodies.get(key) ?? {};

  for (const r of plan.created) writes.findings.push(() => newRow(r, ctx, outcomes.get(r.mapped.finding.id)));
  for (const { result, existing } of rewritten) {
    const status = isActive(existing.status) ? existing.status : 'open';
    const createdAt = String(stored(existing.key).createdAt ?? ctx.now);
    writes.findings.push(() => rewrittenRow(result, existing, status, createdAt, ctx, outcomes.get(existing.key)));
  }
  for (const { existing } of newlyDecided) {
    const outcome = outcomes.get(existing.key)!;
    writes.findings.push(() => statusRow(existing, stored(existing.key), outcome.status, outcome.latestDecision, ctx));
  }
  for (const f of plan.fixed) writes.findings.push(() => statusRow(f, stored(f.key), 'fixed', f.latestDecision, ctx));

  writes.report.push(...plan.reportedHereNow);
  writes.unreport.push(...plan.goneHere.map((f) => f.key));
  writes.notes.push(...scopeNotes(ctx.scope, plan, ref));
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
  for (const { scope, results } of scopesOf(mapped)) {
    const plan = await planOf(tx, scope, results, upload, writes);
    await queueWrites(tx, plan, { project: upload.project, scope, now }, upload.ref, writes);
  }

  let written = 0;
  let changed: { first: number; last: number } | undefined;
  for (const batch of batches(writes.findings)) {
    const places = await tx.findings.saveAnalysed(batch.map((row) => row()));
    if (places) changed = { first: changed?.first ?? places.first, last: places.last };
    written += batch.length;
    await hooks.written?.(written);
  }
  // One `findings` event for the whole analysis, so that open editors sync once (pushed updates).
  if (changed) await tx.events.record({ project: upload.project, kind: 'findings', changed, data: { count: written } });
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
