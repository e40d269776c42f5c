/**
 * The rows an analysis writes, one per finding it creates or changes: what the result shows with
 * what the feed keeps (revision, status, latest decision, times, the SARIF identity). Pure.
 */
import type { MappedFinding } from '../sarif/types';
import type { ScopeFinding } from '../storage/analysesTable';
import type { AnalysedFinding, SarifIdentity } from '../storage/findingsTable';
import type { Result, Scope } from './plan';

/** What every row of one scope's writes shares. */
export interface RowContext {
  project: string;
  scope: Scope;
  now: string;
}

/** What the tool's decisions of this analysis made of a finding: its latest decision and status. */
export interface ToolOutcome {
  latestDecision: string;
  status: string;
}

function identityOf(m: MappedFinding, hash: string): SarifIdentity {
  const { tool, category, ruleId } = m.scope;
  return { tool, category, rule: ruleId, fingerprint: `${m.fingerprint.source}:${m.fingerprint.value}`, contentHash: hash };
}

/** A finding the project did not have: revision 1, open unless the tool decided. */
export function newRow(result: Result, ctx: RowContext, outcome: ToolOutcome | undefined): AnalysedFinding {
  const status = outcome?.status ?? 'open';
  const { finding } = result.mapped;
  return {
    key: finding.id,
    project: ctx.project,
    revision: 1,
    status,
    latestDecision: outcome?.latestDecision ?? null,
    body: { ...finding, revision: '1', status, createdAt: ctx.now, updatedAt: ctx.now },
    sarif: identityOf(result.mapped, result.contentHash),
  };
}

/** A finding that takes what the result shows now (changed, or reopened with `status` open), keeping its decisions. */
export function rewrittenRow(
  result: Result,
  stored: ScopeFinding,
  status: string,
  createdAt: string,
  ctx: RowContext,
  outcome: ToolOutcome | undefined,
): AnalysedFinding {
  const revision = stored.revision + 1;
  const shown = outcome?.status ?? status;
  return {
    key: stored.key,
    project: ctx.project,
    revision,
    status: shown,
    latestDecision: outcome?.latestDecision ?? stored.latestDecision,
    body: { ...result.mapped.finding, revision: String(revision), status: shown, createdAt, updatedAt: ctx.now },
    sarif: identityOf(result.mapped, result.contentHash),
  };
}

/** A finding whose stored body stays as it was but for its status (fixed, or a new decision of the tool). */
export function statusRow(
  stored: ScopeFinding,
  body: Record<string, unknown>,
  status: string,
  latestDecision: string | null,
  ctx: RowContext,
): AnalysedFinding {
  const revision = stored.revision + 1;
  const { scope } = ctx;
  return {
    key: stored.key,
    project: ctx.project,
    revision,
    status,
    latestDecision,
    body: { ...body, revision: String(revision), status, updatedAt: ctx.now },
    sarif: {
      tool: scope.tool,
      category: scope.category,
      rule: stored.rule,
      fingerprint: stored.fingerprint,
      contentHash: stored.contentHash,
    },
  };
}
