/**
 * A whole SARIF 2.1.0 log as findings: the function the ingestion calls (docs/feed-protocol.md,
 * "SARIF"). A log that is not SARIF 2.1.0, or passes a hard bound, is refused whole with a
 * SarifLogError naming the problem; otherwise every result is mapped on its own, and the ones that
 * cannot be are set aside with their reasons.
 */
import { firstProblem } from '../findingBody';
import { findingId } from './identity';
import { SARIF_LIMITS } from './limits';
import { mapResult, type RunContext } from './mapResult';
import { runPaths } from './paths';
import { RuleBook } from './rules';
import { SarifLog, SarifRun } from './schema';
import { FindingDraft, type MapOptions, type MappedLog, type MappedRun } from './types';

export type SarifLogProblem = 'too_large' | 'invalid_json' | 'not_sarif' | 'too_many_results' | 'invalid_options';

/** A log refused whole. `message` says what is wrong, for the person who uploaded it. */
export class SarifLogError extends Error {
  constructor(
    readonly problem: SarifLogProblem,
    message: string,
  ) {
    super(message);
    this.name = 'SarifLogError';
  }
}

/** The log's JSON, refusing more than SARIF_LIMITS.logBytes. */
export function parseSarifJson(bytes: Buffer | string, limit: number = SARIF_LIMITS.logBytes): unknown {
  const size = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.length;
  if (size > limit)
    throw new SarifLogError(
      'too_large',
      `the log is ${size} bytes, more than the ${limit} a log may have: split it (one log per tool or per folder)`,
    );
  try {
    return JSON.parse(typeof bytes === 'string' ? bytes : bytes.toString('utf8')) as unknown;
  } catch (err) {
    throw new SarifLogError('invalid_json', `the log is not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** GitHub's rule: the `automationDetails.id` up to its last slash, or all of it. */
export function categoryOf(run: SarifRun, given: string | undefined): string {
  if (given) return given;
  const id = run.automationDetails?.id?.trim();
  if (id) return id.includes('/') ? id.slice(0, id.lastIndexOf('/')) : id;
  return run.tool.driver.name;
}

function runsOf(input: unknown): SarifRun[] {
  const log = SarifLog.safeParse(input);
  if (!log.success) throw new SarifLogError('not_sarif', `not a SARIF 2.1.0 log: ${firstProblem(log.error)}`);
  const runs = log.data.runs.map((raw, i) => {
    const run = SarifRun.safeParse(raw);
    if (!run.success) throw new SarifLogError('not_sarif', `run ${i} is not a SARIF run: ${firstProblem(run.error)}`);
    return run.data;
  });
  const results = runs.reduce((sum, run) => sum + (run.results?.length ?? 0), 0);
  if (results > SARIF_LIMITS.results) {
    throw new SarifLogError(
      'too_many_results',
      `the log has ${results} results, more than the ${SARIF_LIMITS.results} a log may have: split it (one log per tool or per folder)`,
    );
  }
  return runs;
}

function checkOptions(options: MapOptions): void {
  if (options.project.trim() === '') throw new SarifLogError('invalid_options', 'the project is empty');
  if (options.checkoutUri !== undefined && !/^file:\/\//i.test(options.checkoutUri)) {
    throw new SarifLogError(
      'invalid_options',
      `the checkout root must be a file: URL, not ${JSON.stringify(options.checkoutUri.slice(0, 200))}`,
    );
  }
}

function contextOf(run: SarifRun, index: number, options: MapOptions, note: (m: string) => void): RunContext {
  return {
    run: index,
    project: options.project,
    tool: run.tool.driver.name,
    category: categoryOf(run, options.category),
    commit: options.commit,
    driver: run.tool.driver,
    taxonomies: run.taxonomies ?? [],
    rules: new RuleBook(run.tool.driver, run.tool.extensions ?? [], note),
    paths: runPaths(run, options.checkoutUri),
    columnKind: run.columnKind,
  };
}

function describeRun(run: SarifRun, category: string): MappedRun {
  const version = run.tool.driver.version;
  return {
    tool: run.tool.driver.name,
    ...(version !== undefined ? { toolVersion: version } : {}),
    category,
    results: run.results?.length ?? 0,
    complete: Array.isArray(run.results) && !(run.invocations ?? []).some((i) => i.executionSuccessful === false),
    unread: { rules: [], anyRule: false },
  };
}

/** A result of `run` that may be a finding could not be read. */
function markUnread(run: MappedRun, ruleId: string | undefined): void {
  if (ruleId === undefined) run.unread.anyRule = true;
  else if (!run.unread.rules.includes(ruleId)) run.unread.rules.push(ruleId);
}

/** Maps every result of a SARIF 2.1.0 log; throws SarifLogError when the log is refused whole. */
export function mapSarifLog(input: unknown, options: MapOptions): MappedLog {
  checkOptions(options);
  const runs = runsOf(input);
  const notes = new Set<string>();
  const out: MappedLog = { runs: [], findings: [], setAside: [], notes: [] };
  const occurrences = new Map<string, number>();
  runs.forEach((run, r) => {
    const context = contextOf(run, r, options, (m) => notes.add(`run ${r}: ${m}`));
    const described = describeRun(run, context.category);
    out.runs.push(described);
    (run.results ?? []).forEach((raw, i) => {
      const { mapped, setAside, notAFinding } = mapResult(raw, i, context);
      out.setAside.push(...setAside);
      if (!mapped) {
        if (!notAFinding) markUnread(described, setAside[0]?.ruleId);
        return;
      }
      const { scope, fingerprint } = mapped;
      const key = `${scope.tool}\u0000${scope.category}\u0000${scope.ruleId}\u0000${fingerprint.source}\u0000${fingerprint.value}`;
      const occurrence = (occurrences.get(key) ?? 0) + 1;
      occurrences.set(key, occurrence);
      const draft = FindingDraft.safeParse({ id: findingId(mapped.scope, mapped.fingerprint, occurrence), ...mapped.finding });
      if (draft.success) {
        out.findings.push({ ...mapped, finding: draft.data });
        return;
      }
      markUnread(described, mapped.scope.ruleId);
      out.setAside.push({
        run: r,
        index: i,
        what: 'result',
        ruleId: mapped.scope.ruleId,
        reason: `the finding would not be valid: ${firstProblem(draft.error)}`,
      });
    });
  });
  out.notes = [...notes];
  return out;
}
