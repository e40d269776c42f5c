/**
 * The Findings tree's shape, pure: groups by file, severity or status with counts, and the words
 * on each row. The tree provider only turns these into TreeItems.
 */
import { FINDING_STATUSES, SEVERITIES, severityLabel } from '../../shared/codes';
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

/** "Critical (12)"; a file's group has no count in its label: its description says what Problems counts (fileGroupDescription). */
export function groupLabel(g: FindingGroup, groupBy: GroupBy = 'severity'): string {
  return groupBy === 'file' ? g.label : `${g.label} (${g.items.length})`;
}

/**
 * Whether the finding is in VS Code's Problems panel: drawn (not lost, not withdrawn) and not
 * resolved (resolved ones are hints, which Problems does not list, or hidden), unless its code
 * changed since the decision. The same rules as the server's diagnostics.
 */
export function inProblems(i: FindingListItem): boolean {
  if (i.anchor === 'lost' || i.status === 'withdrawn' || i.uri === null) return false;
  return !isResolved(i) || i.needsReReview;
}

/** Acknowledged, fixed, or a dispute a lead approved (src/server/findingState.ts says the same). */
export function isResolved(i: FindingListItem): boolean {
  if (i.status === 'acknowledged' || i.status === 'fixed') return true;
  return i.status === 'disputed' && i.triage?.action === 'dispute' && i.triage.review === 'approve';
}

/**
 * "2 in Problems · 1 resolved": a file's count as VS Code's Problems panel counts it for this file,
 * and the rest apart, so that the two numbers a user compares agree.
 */
export function fileGroupDescription(g: FindingGroup): string {
  const shown = g.items.filter(inProblems).length;
  const rest = g.items.length - shown;
  const resolved = g.items.filter((i) => !inProblems(i) && isResolved(i)).length;
  const parts = [`${shown} in Problems`];
  if (resolved > 0) parts.push(`${resolved} resolved`);
  if (rest - resolved > 0) parts.push(`${rest - resolved} not drawn`);
  return parts.join(' · ');
}

/** What a row says after its title: line, status, outbox state, and the flags to notice. */
export function itemDescription(i: FindingListItem, groupBy: GroupBy): string {
  const parts: string[] = [];
  // Grouped by severity, the group says it; otherwise the row does, in words beside its icon.
  if (groupBy !== 'severity') parts.push(severityLabel(i.severity));
  parts.push(groupBy === 'file' ? `line ${i.line + 1}` : `${i.path}:${i.line + 1}`);
  if (groupBy !== 'status') parts.push(i.status);
  if (i.outbox && i.outbox.state !== 'synced') parts.push(i.outbox.state);
  if (i.anchor === 'lost') parts.push('location lost');
  if (i.needsReReview) parts.push('needs re-review');
  return parts.join(' · ');
}

/** How a severity looks in the tree: its own codicon and theme colour (the panel uses the same colours). */
export interface SeverityLook {
  icon: string;
  color: string;
}

const SEVERITY_LOOKS: Record<FindingListItem['severity'], SeverityLook> = {
  critical: { icon: 'flame', color: 'charts.red' },
  high: { icon: 'error', color: 'charts.orange' },
  medium: { icon: 'warning', color: 'problemsWarningIcon.foreground' },
  low: { icon: 'info', color: 'problemsInfoIcon.foreground' },
  info: { icon: 'circle-outline', color: 'descriptionForeground' },
};

export function severityLook(sev: FindingListItem['severity']): SeverityLook {
  return SEVERITY_LOOKS[sev];
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
