/**
 * The code lenses above a finding. Command ids come only from src/shared/commands.ts and the only
 * argument is the finding id: nothing from the feed ever names a command.
 */
import type { CodeLens, Range } from 'vscode-languageserver';
import type { FindingCore as Finding } from './store';
import { Commands } from '../shared/commands';
import type { Placement } from './placement';
import { isResolved, severityLabel, statusLabel } from './findingState';

const MAX_TITLE = 80;
const MAX_REASON = 140;

/**
 * Lenses for one finding: details, then Acknowledge and Dispute unless resolved or lost; a best
 * guess (`uncertain`) gets one more lens saying why, which opens the details too. A resolved
 * finding whose code changed since the decision (`reReview`) is offered the decision again.
 */
export function buildCodeLenses(finding: Finding, placement: Placement, reReview = false): CodeLens[] {
  const line = placement.state === 'lost' ? 0 : placement.range.start.line;
  const range: Range = { start: { line, character: 0 }, end: { line, character: 0 } };
  const args = [finding.id];
  const details: CodeLens = {
    range,
    command: { title: lensTitle(finding, placement, reReview), command: Commands.showDetails, arguments: args },
  };
  const why: CodeLens[] =
    placement.state === 'uncertain' ? [{ range, command: { title: uncertainTitle(placement), command: Commands.showDetails, arguments: args } }] : [];
  if ((isResolved(finding) && !reReview) || placement.state === 'lost') return [details, ...why];
  return [
    details,
    ...why,
    { range, command: { title: 'Acknowledge', command: Commands.acknowledge, arguments: args } },
    { range, command: { title: 'Dispute', command: Commands.dispute, arguments: args } },
  ];
}

/**
 * "High · SQL built from request input · open" (one line, shortened; "(not found in this file)" when
 * lost; "acknowledged, needs re-review" when the code changed since the decision).
 */
export function lensTitle(finding: Finding, placement: Placement, reReview = false): string {
  const lost = placement.state === 'lost' ? ' (not found in this version of the file)' : '';
  const guess = placement.state === 'uncertain' ? '≈ ' : '';
  return `${guess}${severityLabel(finding.severity)} · ${oneLine(finding.title)} · ${statusLabel(finding, reReview)}${lost}`;
}

/** "Location uncertain: the flagged line was edited since commit abc1234: best guess…" */
export function uncertainTitle(placement: Placement): string {
  return oneLine(`Location uncertain: ${placement.reason ?? 'best guess'}`, MAX_REASON);
}

function oneLine(text: string, max = MAX_TITLE): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
