/**
 * The hover over a flagged range: what the finding is, how sure the feed is, where it stands, and
 * the feed's message. Every feed string is escaped or sanitised here (see markdown.ts).
 */
import { MarkupKind, type MarkupContent } from 'vscode-languageserver';
import type { TriageDecision } from '../../shared/feed';
import type { FindingCore } from '../findings/store';

/** What a hover shows of a finding: its core and its message (read from the store for the hover only). */
export type HoveredFinding = FindingCore & { message: string };
import { escapeMarkdown, sanitizeMarkdown } from './markdown';
import { MAX_HOVER_FINDINGS, shown, TEXT_CAPS } from './shownText';
import { severityLabel, statusLabel } from '../findings/findingState';
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
  facts.push(`**Rule:** ${text(finding.ruleId)}`);
  if (finding.cwe && finding.cwe.length > 0) facts.push(`**CWE:** ${cweList(finding.cwe)}`);
  facts.push(`**Status:** ${escapeMarkdown(statusLabel(finding, reReview))}`);
  const parts = [`### ${text(finding.title, TEXT_CAPS.title)}`, facts.join(' · ')];
  const where = placement && locationLine(placement);
  if (where) parts.push(where);
  if (finding.triage) parts.push(triageLine(finding.triage));
  parts.push('---', messageMarkdown(finding.message));
  return parts.join('\n\n');
}

/** The hover content for several findings on the same spot (at most {@link MAX_HOVER_FINDINGS}), separated by rules. */
export function hoverContent(hits: readonly HoverHit[]): MarkupContent {
  const parts = hits.slice(0, MAX_HOVER_FINDINGS).map((h) => hoverMarkdown(h.finding, h.placement, h.reReview));
  const more = hits.length - MAX_HOVER_FINDINGS;
  if (more > 0) parts.push(`*… and ${more} more findings here: the Findings view lists them all.*`);
  return { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') };
}

/** The feed's message, sanitised, at most {@link TEXT_CAPS.hoverMessage} characters; a cut one says where to read it all. */
export function messageMarkdown(message: string): string {
  const cut = message.length > TEXT_CAPS.hoverMessage;
  const body = sanitizeMarkdown(shown(message, TEXT_CAPS.hoverMessage, ''));
  return cut
    ? `${body}\n\n*The message was cut at ${TEXT_CAPS.hoverMessage.toLocaleString('en-US')} characters: the details panel shows it all.*`
    : body;
}

/** Feed text for a hover: hidden characters written out, cut at `max`, escaped. */
function text(value: string, max: number = TEXT_CAPS.field): string {
  return escapeMarkdown(shown(value, max));
}

/** At most 20 CWE ids (each a link when it is one), then how many more. */
function cweList(cwe: readonly string[]): string {
  const listed = cwe.slice(0, 20).map(cweLink).join(', ');
  return cwe.length > 20 ? `${listed} and ${cwe.length - 20} more` : listed;
}

/**
 * "Location uncertain: <reason>" for a best guess, "Location: <reason>" for code that moved or is
 * gone; nothing for an exact anchor (the usual case needs no words). The reason quotes the feed's
 * commit id, so it is escaped like any feed text.
 */
export function locationLine(placement: Placement): string | undefined {
  if (placement.state === 'exact' || !placement.reason) return undefined;
  const label = placement.state === 'uncertain' ? 'Location uncertain' : 'Location';
  return `**${label}:** ${text(placement.reason, TEXT_CAPS.title)}`;
}

/** `CWE-79` becomes a link to MITRE's page; anything else is shown as text. */
export function cweLink(cwe: string): string {
  const match = /^CWE-(\d{1,6})$/.exec(cwe);
  if (!match) return text(cwe);
  return `[CWE-${match[1]}](https://cwe.mitre.org/data/definitions/${match[1]}.html)`;
}

function triageLine(triage: TriageDecision): string {
  const verb = triage.action === 'acknowledge' ? 'Acknowledged' : 'Disputed';
  let line = `**${verb}** by ${text(triage.actor.name)} (${text(triage.reason)})`;
  if (triage.comment.trim() !== '') line += `: ${text(triage.comment, TEXT_CAPS.comment)}`;
  if (triage.review) {
    const decision = triage.review.decision === 'approve' ? 'approved' : 'rejected';
    line += ` · review: ${decision} by ${text(triage.review.actor.name)}`;
  }
  return line;
}
