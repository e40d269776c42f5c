/**
 * Finding a result's rule (SARIF §3.27.6–3.27.8, §3.52): in the tool component its `rule.toolComponent`
 * names (the driver by default, or an extension: CodeQL puts query packs there), by `rule.index` or
 * `ruleIndex`, else by id. An id the driver does not know is looked for in the extensions too.
 * Rules are parsed the first time a result needs them; a rule that does not parse is as good as
 * absent (its results keep their own id and message) and is noted once.
 */
import { firstProblem } from '../findingBody';
import { ReportingDescriptor, type SarifResult, type ToolComponent, type ToolComponentReference } from './schema';

export class RuleBook {
  private readonly parsed = new Map<ToolComponent, Map<number, ReportingDescriptor | null>>();
  private readonly byId = new Map<ToolComponent, Map<string, number>>();

  constructor(
    private readonly driver: ToolComponent,
    private readonly extensions: readonly ToolComponent[],
    /** Told once per rule that does not parse. */
    private readonly note: (message: string) => void,
  ) {}

  /** The rule of a result, or undefined when the log does not describe it. */
  find(result: SarifResult): ReportingDescriptor | undefined {
    const named = result.rule?.toolComponent;
    const component = named ? this.component(named) : this.driver;
    if (!component) return undefined;
    const index = result.rule?.index ?? result.ruleIndex;
    if (index !== undefined && index >= 0) return this.at(component, index);
    const id = result.rule?.id ?? result.ruleId;
    if (id === undefined) return undefined;
    const found = this.withId(component, id);
    if (found || named) return found;
    for (const extension of this.extensions) {
      const rule = this.withId(extension, id);
      if (rule) return rule;
    }
    return undefined;
  }

  private component(ref: ToolComponentReference): ToolComponent | undefined {
    if (ref.index !== undefined && ref.index >= 0) return this.extensions[ref.index];
    const all = [this.driver, ...this.extensions];
    if (ref.guid !== undefined) return all.find((c) => c.guid?.toLowerCase() === ref.guid!.toLowerCase());
    if (ref.name !== undefined) return all.find((c) => c.name === ref.name);
    return this.driver;
  }

  private withId(component: ToolComponent, id: string): ReportingDescriptor | undefined {
    let ids = this.byId.get(component);
    if (!ids) {
      ids = new Map();
      const rules = component.rules ?? [];
      for (let i = 0; i < rules.length; i++) {
        const ruleId = (rules[i] as { id?: unknown } | null)?.id;
        if (typeof ruleId === 'string' && !ids.has(ruleId)) ids.set(ruleId, i);
      }
      this.byId.set(component, ids);
    }
    const index = ids.get(id);
    return index === undefined ? undefined : this.at(component, index);
  }

  private at(component: ToolComponent, index: number): ReportingDescriptor | undefined {
    let cache = this.parsed.get(component);
    if (!cache) this.parsed.set(component, (cache = new Map()));
    let rule = cache.get(index);
    if (rule === undefined) {
      const raw = component.rules?.[index];
      const result = raw === undefined ? undefined : ReportingDescriptor.safeParse(raw);
      rule = result?.success ? result.data : null;
      if (result && !result.success)
        this.note(`${component.name} rule ${index} is not a valid rule (${firstProblem(result.error)}): its results have no rule metadata`);
      cache.set(index, rule);
    }
    return rule ?? undefined;
  }
}
