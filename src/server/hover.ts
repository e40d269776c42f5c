/**
 * The hover over a flagged range: what the finding is, how sure the feed is, where it stands, and
 * the feed's message. Every feed string is escaped or sanitised here (see markdown.ts).
 */
import { MarkupKind, type MarkupContent } from 'vscode-languageserver';
import type { TriageDecision } from '../shared/feed';
import type { FindingCore } from './store';

/** What a hover shows of a finding: its core and its message (read from the store for the hover only). */
export type HoveredFinding = FindingCore & { message: string };
import { escapeMarkdown, sanitizeMarkdown } from './markdown';
import { severityLabel, statusLabel } from './findingState';
import type { Placement } from './placement';

/** A finding under the pointer and where it is drawn. */
export interface HoverHit {
  finding: HoveredFinding;
  placement?: Placement;
  /** The code changed since the decision on it was made. */
  reReview?: boolean;
}

/** Markdown for one finding's hover; `placement` adds how its location was found when not exact. */
export function hoverMarkdown(finding: HoveredFinding, placement?: Placement, reReview = false): string {
  const facts = [`**Severity:** ${severityLabel(finding.severity)}`];
  if (finding.confidence !== undefined) facts.push(`**Confidence:** ${Math.round(finding.confidence * 100)}%`);
  facts.push(`**Rule:** ${escapeMarkdown(finding.ruleId)}`);
  if (finding.cwe && finding.cwe.length > 0) facts.push(`**CWE:** ${finding.cwe.map(cweLink).join(', ')}`);
  facts.push(`**Status:** ${escapeMarkdown(statusLabel(finding, reReview))}`);
  const parts = [`### ${escapeMarkdown(finding.title)}`, facts.join(' · ')];
  const where = placement && locationLine(placement);
  if (where) parts.push(where);
  if (finding.triage) parts.push(triageLine(finding.triage));
  parts.push('---', sanitizeMarkdown(finding.message));
  return parts.join('\n\n');
}

/** The hover content for several findings on the same spot, separated by rules. */
export function hoverContent(hits: readonly HoverHit[]): MarkupContent {
  return { kind: MarkupKind.Markdown, value: hits.map((h) => hoverMarkdown(h.finding, h.placement, h.reReview)).join('\n\n---\n\n') };
}

/**
 * "Location uncertain: <reason>" for a best guess, "Location: <reason>" for code that moved or is
 * gone; nothing for an exact anchor (the usual case needs no words). The reason quotes the feed's
 * commit id, so it is escaped like any feed text.
 */
export function locationLine(placement: Placement): string | undefined {
  if (placement.state === 'exact' || !placement.reason) return undefined;
  const label = placement.state === 'uncertain' ? 'Location uncertain' : 'Location';
  return `**${label}:** ${escapeMarkdown(placement.reason)}`;
}

/** `CWE-79` becomes a link to MITRE's page; anything else is shown as text. */
export function cweLink(cwe: string): string {
  const match = /^CWE-(\d{1,6})$/.exec(cwe);
  if (!match) return escapeMarkdown(cwe);
  return `[CWE-${match[1]}](https://cwe.mitre.org/data/definitions/${match[1]}.html)`;
}

function triageLine(triage: TriageDecision): string {
  const verb = triage.action === 'acknowledge' ? 'Acknowledged' : 'Disputed';
  let line = `**${verb}** by ${escapeMarkdown(triage.actor.name)} (${escapeMarkdown(triage.reason)})`;
  if (triage.comment.trim() !== '') line += `: ${escapeMarkdown(triage.comment)}`;
  if (triage.review) {
    const decision = triage.review.decision === 'approve' ? 'approved' : 'rejected';
    line += ` · review: ${decision} by ${escapeMarkdown(triage.review.actor.name)}`;
  }
  return line;
}
