/**
 * The Findings tree's shape, pure: groups by file, severity or status with counts, and the words
 * on each row. The tree provider only turns these into TreeItems.
 */
import { FINDING_STATUSES, SEVERITIES } from '../../shared/codes';
import type { FindingCounts, FindingListItem } from '../../shared/protocol';
import { filterFindings, sortFindings, type FindingFilter } from '../../shared/filter';

export const GROUP_BYS = ['file', 'severity', 'status'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

export interface FindingGroup {
  /** Stable key: the path, the severity or the status. */
  key: string;
  label: string;
  items: FindingListItem[];
}

/** Groups the filtered findings; groups are in severity/status order, or by path. Empty groups are left out. */
export function groupFindings(all: readonly FindingListItem[], groupBy: GroupBy, filter: FindingFilter): FindingGroup[] {
  const items = sortFindings(filterFindings(all, filter));
  const byKey = new Map<string, FindingListItem[]>();
  for (const i of items) {
    const key = groupBy === 'file' ? i.path : groupBy === 'severity' ? i.severity : i.status;
    let list = byKey.get(key);
    if (!list) byKey.set(key, (list = []));
    list.push(i);
  }
  const order: readonly string[] = groupBy === 'severity' ? SEVERITIES : groupBy === 'status' ? FINDING_STATUSES : [...byKey.keys()].sort();
  return order
    .filter((k) => byKey.has(k))
    .map((key) => ({ key, label: groupBy === 'file' ? key : capitalize(key), items: byKey.get(key)! }));
}

/** "src/app.ts (12)". */
export function groupLabel(g: FindingGroup): string {
  return `${g.label} (${g.items.length})`;
}

/** What a row says after its title: line, status, outbox state, and the flags to notice. */
export function itemDescription(i: FindingListItem, groupBy: GroupBy): string {
  const parts: string[] = [];
  parts.push(groupBy === 'file' ? `line ${i.line + 1}` : `${i.path}:${i.line + 1}`);
  if (groupBy !== 'status') parts.push(i.status);
  if (i.outbox && i.outbox.state !== 'synced') parts.push(i.outbox.state);
  if (i.anchor === 'lost') parts.push('location lost');
  if (i.needsReReview) parts.push('needs re-review');
  return parts.join(' · ');
}

/** The ThemeIcon id for a severity: error for critical/high, warning for medium, info otherwise. */
export function severityIcon(sev: FindingListItem['severity']): 'error' | 'warning' | 'info' {
  return sev === 'critical' || sev === 'high' ? 'error' : sev === 'medium' ? 'warning' : 'info';
}

/**
 * The view's badge: the findings that still need someone (open, needing re-review, or with a
 * decision the feed has not taken), as the server counts them in its status, so that it is right
 * while the list itself is not fetched. None before the first status, and none at zero.
 */
export function badgeOf(counts: FindingCounts | undefined): { value: number; tooltip: string } | undefined {
  const n = counts?.needsDecision ?? 0;
  if (n <= 0) return undefined;
  return { value: n, tooltip: n === 1 ? '1 finding needs a decision' : `${n} findings need a decision` };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
