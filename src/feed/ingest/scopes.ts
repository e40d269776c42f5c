/**
 * A mapped log as the ingestion takes it: one scope per tool and category (a log of several runs
 * of one tool and category is one analysis of it), each with its runs merged and its results, each
 * result with what it shows hashed.
 */
import type { MappedLog } from '../sarif/types';
import { contentHash } from './content';
import type { Result, Scope } from './plan';

function scopeKey(tool: string, category: string): string {
  return JSON.stringify([tool, category]);
}

export function scopesOf(mapped: MappedLog): Array<{ scope: Scope; results: Result[] }> {
  const byKey = new Map<string, { scope: Scope & { unread: { rules: Set<string> } }; results: Result[] }>();
  for (const run of mapped.runs) {
    const key = scopeKey(run.tool, run.category);
    let entry = byKey.get(key);
    if (!entry) {
      const scope = { tool: run.tool, category: run.category, complete: true, unread: { rules: new Set<string>(), anyRule: false } };
      byKey.set(key, (entry = { scope, results: [] }));
    }
    entry.scope.complete &&= run.complete;
    entry.scope.unread.anyRule ||= run.unread.anyRule;
    for (const rule of run.unread.rules) entry.scope.unread.rules.add(rule);
  }
  for (const finding of mapped.findings) {
    const entry = byKey.get(scopeKey(finding.scope.tool, finding.scope.category))!;
    entry.results.push({ mapped: finding, contentHash: contentHash(finding.finding) });
  }
  return [...byKey.values()];
}
