/** Decisions as CSV (RFC 4180: CRLF rows, fields quoted when they hold a comma, quote or newline). */
import type { ExportDecision } from './decisions';

export const CSV_COLUMNS = [
  'decision_id',
  'finding_id',
  'rule_id',
  'title',
  'severity',
  'path',
  'line',
  'action',
  'reason',
  'comment',
  'actor',
  'at',
  'review',
  'review_comment',
  'reviewer',
  'reviewed_at',
] as const;

export function toCsv(decisions: readonly ExportDecision[]): string {
  const rows = decisions.map((d) => [
    d.decisionId,
    d.findingId,
    d.ruleId,
    d.title,
    d.severity,
    d.path,
    String(d.line),
    d.action,
    d.reason,
    d.comment,
    d.actor,
    d.at,
    d.review?.decision ?? 'pending',
    d.review?.comment ?? '',
    d.review?.actor ?? '',
    d.review?.at ?? '',
  ]);
  return [CSV_COLUMNS.slice(), ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/**
 * One field. Text from the feed that starts like a spreadsheet formula (= + - @, tab, CR) gets a
 * leading apostrophe, so opening the file in a spreadsheet never runs it.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}
