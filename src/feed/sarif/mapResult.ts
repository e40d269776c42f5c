/**
 * One SARIF result as a finding (docs/feed-protocol.md, "SARIF"): parsed on its own, so a bad
 * result is set aside with its reason while the rest of the log is taken. The id is given later,
 * by mapLog, once it knows whether the same fingerprint came earlier in the log.
 */
import { firstProblem } from '../findingBody';
import { cwesOf } from './cwe';
import { mapFixes } from './fixes';
import { fingerprintOf, type Fingerprint, type IdentityScope } from './identity';
import { FINDING_BOUNDS } from './limits';
import { flowLocations, locationOf, placeAll, type LocationContext } from './locations';
import { escapeMarkdown, renderMessage, type MessageContext } from './message';
import type { RuleBook } from './rules';
import { SarifResult, type ReportingDescriptor, type SarifLocation, type ToolComponent } from './schema';
import { severityOf } from './severity';
import { toolDecision } from './suppressions';
import type { FindingDraft, MappedFinding, SetAside } from './types';

/** What a run gives every result of it. */
export interface RunContext extends LocationContext {
  run: number;
  project: string;
  tool: string;
  category: string;
  commit: string | undefined;
  driver: ToolComponent;
  taxonomies: readonly ToolComponent[];
  rules: RuleBook;
}

export type MappedResult = Omit<MappedFinding, 'finding'> & { finding: Omit<FindingDraft, 'id'> };

/** Results that are not findings (SARIF §3.27.9, §3.27.24), with the reason they are set aside. */
function notAFinding(result: SarifResult): string | undefined {
  if (result.kind === 'pass' || result.kind === 'notApplicable') return `its kind is "${result.kind}": the rule found nothing to report`;
  if (result.baselineState === 'absent') return 'its baselineState is "absent": the tool says it is no longer there';
  return undefined;
}

function httpsOnly(uri: string | undefined): string | undefined {
  if (uri === undefined) return undefined;
  try {
    return new URL(uri).protocol === 'https:' ? uri : undefined;
  } catch {
    return undefined;
  }
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function titleOf(rule: ReportingDescriptor | undefined, plain: string, ruleId: string): string {
  const candidates = [rule?.shortDescription?.text, plain, rule?.name, ruleId];
  const first = candidates
    .map((c) =>
      c
        ?.split(/\r\n|\r|\n/)
        .find((line) => line.trim() !== '')
        ?.trim(),
    )
    .find((c) => c);
  return cut(first ?? ruleId, FINDING_BOUNDS.titleChars);
}

// A rule serves many results: its help is escaped once (per parsed rule, which the RuleBook keeps).
const helps = new WeakMap<ReportingDescriptor, string | undefined>();

/** The rule's help, to follow the message: markdown as written, plain text escaped, cut to a bound. */
function helpOf(rule: ReportingDescriptor | undefined): string | undefined {
  if (!rule) return undefined;
  if (helps.has(rule)) return helps.get(rule);
  const help = rule.help?.markdown ?? (rule.help?.text !== undefined ? escapeMarkdown(rule.help.text) : undefined);
  const shown = help?.trim() ? cut(help.trim(), FINDING_BOUNDS.helpChars) : undefined;
  helps.set(rule, shown);
  return shown;
}

/** `path:line` of the result's location with this id, for the message's embedded links. */
function placer(result: SarifResult, context: RunContext): (id: number) => string | undefined {
  return (id) => {
    const target = [...(result.relatedLocations ?? []), ...(result.locations ?? [])].find((l) => l.id === id);
    const placed = target ? locationOf(target, context) : undefined;
    return placed && !('reason' in placed) ? `${placed.path}:${placed.startLine}` : undefined;
  };
}

/** The rule id a result that does not parse names, if it names one plainly. */
function rawRuleId(raw: unknown): string | undefined {
  const id = (raw as { ruleId?: unknown } | null)?.ruleId;
  return typeof id === 'string' && id !== '' && id.length <= 512 ? id : undefined;
}

/**
 * One result as a finding, or set aside with its reason. `notAFinding` marks a result the tool
 * itself says is no finding (a pass, a baselineState of absent), as against one that could not be read.
 */
export function mapResult(
  raw: unknown,
  index: number,
  context: RunContext,
): { mapped?: MappedResult; setAside: SetAside[]; notAFinding?: true } {
  const where = { run: context.run, index };
  const parsed = SarifResult.safeParse(raw);
  if (!parsed.success) {
    const ruleId = rawRuleId(raw);
    const reason = `not a valid SARIF result: ${firstProblem(parsed.error)}`;
    return { setAside: [{ ...where, what: 'result', ...(ruleId !== undefined ? { ruleId } : {}), reason }] };
  }
  const result = parsed.data;
  const rule = context.rules.find(result);
  const ruleId = result.ruleId ?? result.rule?.id ?? rule?.id;
  const aside = (what: SetAside['what'], reason: string): SetAside => ({
    ...where,
    what,
    reason,
    ...(ruleId !== undefined ? { ruleId } : {}),
  });
  if (ruleId === undefined || ruleId === '') return { setAside: [aside('result', 'it names no rule (ruleId, rule.id or ruleIndex)')] };
  const skip = notAFinding(result);
  if (skip) return { setAside: [aside('result', skip)], notAFinding: true };
  const primary = locationOf(result.locations?.[0], context);
  if ('reason' in primary) return { setAside: [aside('result', `its location cannot be placed: ${primary.reason}`)] };

  const lineHash = result.partialFingerprints?.primaryLocationLineHash;
  if (lineHash !== undefined && /^[0-9a-f]{1,16}:\d+$/.test(lineHash)) primary.lineHash = lineHash;
  const messages: MessageContext = { rule, driver: context.driver, place: placer(result, context) };
  const message = renderMessage(result.message, messages);
  const describe = (l: SarifLocation): string | undefined =>
    l.message ? renderMessage(l.message, messages).markdown || undefined : undefined;
  const related = placeAll(result.relatedLocations ?? [], 'related location', context, describe);
  const flow = placeAll(flowLocations(result), 'flow step', context, describe);
  const fixes = mapFixes(result.fixes ?? [], context.paths, context.columnKind);
  const help = helpOf(rule);
  const title = titleOf(rule, message.plain, ruleId);
  const cwe = cwesOf(result, rule, context.taxonomies);
  const helpUri = httpsOnly(rule?.helpUri);

  const finding: Omit<FindingDraft, 'id'> = {
    ruleId,
    title,
    message: [message.markdown.trim() || escapeMarkdown(title), help].filter(Boolean).join('\n\n---\n\n'),
    severity: severityOf(result, rule),
    ...(cwe.length > 0 ? { cwe } : {}),
    ...(helpUri ? { helpUri } : {}),
    ...(context.commit !== undefined ? { commit: context.commit } : {}),
    location: primary,
    ...(related.placed.length > 0 ? { relatedLocations: related.placed } : {}),
    ...(flow.placed.length > 0 ? { flow: flow.placed } : {}),
    ...(fixes.fixes.length > 0 ? { fixes: fixes.fixes } : {}),
  };
  const scope: IdentityScope = { project: context.project, tool: context.tool, category: context.category, ruleId };
  const fingerprint: Fingerprint = fingerprintOf(result, primary, message.plain);
  return {
    mapped: { ...where, finding, scope, fingerprint, toolDecisions: (result.suppressions ?? []).map(toolDecision) },
    setAside: [...related.leftOut, ...flow.leftOut].map((r) => aside('location', r)).concat(fixes.setAside.map((r) => aside('fix', r))),
  };
}
