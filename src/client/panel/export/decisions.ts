/**
 * The decisions an export writes, one flat record each, from the lead's review list or (for a
 * developer, who cannot read the project's list) from the findings the server knows.
 */
import type { Finding, Severity, TriageAction } from '../../../shared/feed';
import type { FindingListItem } from '../../../shared/protocol';
import type { ReviewListEntry } from '../../../shared/webview';

/** One decision as exported. `review` is null while it waits for a lead. */
export interface ExportDecision {
  decisionId: string;
  findingId: string;
  ruleId: string;
  title: string;
  severity: Severity;
  cwe: string[];
  path: string;
  /** 1-based. */
  line: number;
  action: TriageAction;
  reason: string;
  comment: string;
  actor: string;
  at: string;
  review: { decision: 'approve' | 'reject'; comment: string; actor: string; at: string } | null;
}

export function fromReviewList(entries: readonly ReviewListEntry[]): ExportDecision[] {
  return entries.map((d) => ({
    decisionId: d.id,
    findingId: d.findingId,
    ruleId: d.finding.ruleId,
    title: d.finding.title,
    severity: d.finding.severity,
    cwe: [],
    path: d.finding.location.path,
    line: d.finding.location.startLine,
    action: d.action,
    reason: d.reason,
    comment: d.comment,
    actor: d.actor.name || d.actor.id,
    at: d.at,
    review: d.review
      ? { decision: d.review.decision, comment: d.review.comment, actor: d.review.actor.name || d.review.actor.id, at: d.review.at }
      : null,
  }));
}

/** The findings' latest decisions (the list carries no comments: they are exported empty). */
export function fromFindingList(items: readonly FindingListItem[]): ExportDecision[] {
  const out: ExportDecision[] = [];
  for (const i of items) {
    if (!i.triage) continue;
    out.push({
      decisionId: '',
      findingId: i.id,
      ruleId: i.ruleId,
      title: i.title,
      severity: i.severity,
      cwe: [],
      path: i.path,
      line: i.line + 1,
      action: i.triage.action,
      reason: i.triage.reason,
      comment: '',
      actor: i.triage.actor,
      at: i.triage.at,
      review: i.triage.review ? { decision: i.triage.review, comment: '', actor: '', at: '' } : null,
    });
  }
  return out;
}

/**
 * Completes the decisions with what only the whole finding holds: its CWEs, and (for the findings
 * list, which carries no comments) the latest decision's id, comment and review. A finding the
 * server no longer knows keeps what the list said.
 */
export function withFindings(decisions: readonly ExportDecision[], findings: ReadonlyMap<string, Finding>): ExportDecision[] {
  return decisions.map((d) => {
    const f = findings.get(d.findingId);
    if (!f) return d;
    const next = { ...d, cwe: f.cwe ?? [] };
    const t = f.triage;
    if (d.decisionId !== '' || !t || t.action !== d.action || t.at !== d.at) return next;
    const review = t.review
      ? { decision: t.review.decision, comment: t.review.comment, actor: t.review.actor.name || t.review.actor.id, at: t.review.at }
      : null;
    return { ...next, decisionId: t.id, comment: t.comment, review };
  });
}
