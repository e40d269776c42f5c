/**
 * The notification of new findings from a background sync (start, poll, a change): only the
 * severities the user chose (`findingsLens.notify.severities`, critical by default). Sync Now says
 * what changed itself (syncMessage.ts), so its own sync is not announced twice. Pure.
 */
import { SEVERITIES } from '../shared/codes';
import type { SyncEndedParams } from '../shared/protocol';
import { someTitles } from './changeText';

export interface NewFindingsNotice {
  text: string;
  /** The findings "Show" lists. */
  ids: string[];
}

export function newFindingsNotice(ended: SyncEndedParams, severities: readonly string[]): NewFindingsNotice | undefined {
  if (ended.trigger === 'manual' || !ended.result.ok || !ended.result.changes) return undefined;
  const wanted = new Set(severities);
  const found = ended.result.changes.findings.filter((c) => c.kind === 'new' && wanted.has(c.severity));
  if (found.length === 0) return undefined;
  const bySeverity = SEVERITIES.filter((s) => found.some((c) => c.severity === s)).map(
    (s) => `${found.filter((c) => c.severity === s).length} ${s}`,
  );
  const what = found.length === 1 ? `1 new ${found[0]!.severity} finding` : `${found.length} new findings (${bySeverity.join(', ')})`;
  return { text: `Findings Lens: ${what}: ${someTitles(found, found.length)}.`, ids: found.map((c) => c.id) };
}
