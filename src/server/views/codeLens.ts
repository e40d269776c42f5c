/**
 * The code lenses above a finding. Command ids come only from src/shared/commands.ts and the only
 * argument is the finding id: nothing from the feed ever names a command.
 *
 * `textDocument/codeLens` answers each lens with its command; the server offers no
 * `codeLens/resolve`. Resolving on demand made the answer half as big, but VS Code 1.100 can keep a
 * lens's command from a list it has already released when a refresh lands while a resolve is on
 * its way (that resolve writes the old list's command into the new lens): the lens showed, and a
 * click said "Actual command not found" until the next refresh. The end-to-end tests hit it after a
 * decision on one open file refreshed the lenses of another.
 */
import type { CodeLens, Command, Range } from 'vscode-languageserver';
import type { FindingCore as Finding } from '../findings/store';
import { Commands } from '../../shared/commands';
import type { Placement } from './placement';
import { isResolved, severityLabel, statusLabel } from '../findings/findingState';
import { shown, TEXT_CAPS } from './shownText';

const MAX_REASON = 140;

/** Which of a finding's lenses: its details, why its place is a guess, Acknowledge, Dispute, its suggested fixes. */
export const LensKind = { details: 0, uncertain: 1, acknowledge: 2, dispute: 3, fix: 4 } as const;
export type LensKind = (typeof LensKind)[keyof typeof LensKind];

/**
 * The kinds of lens a finding gets: details, then Acknowledge and Dispute unless resolved or lost;
 * a best guess (`uncertain`) gets one more lens saying why, which opens the details too. A resolved
 * finding whose code changed since the decision (`reReview`) is offered the decision again.
 */
export function lensKinds(finding: Finding, placement: Placement, reReview = false): LensKind[] {
  const kinds: LensKind[] = [LensKind.details];
  if (placement.state === 'uncertain') kinds.push(LensKind.uncertain);
  if (placement.state === 'lost') return kinds;
  // A suggested fix is for code still to fix: open findings, and those acknowledged (say, "will fix").
  const fixable = finding.fixes?.length && (!isResolved(finding) || finding.status === 'acknowledged');
  if (isResolved(finding) && !reReview) return fixable ? [...kinds, LensKind.fix] : kinds;
  kinds.push(LensKind.acknowledge, LensKind.dispute);
  if (fixable) kinds.push(LensKind.fix);
  return kinds;
}

/** The lenses of one finding, with their commands, on its first line (the top of the file when lost). */
export function buildCodeLenses(finding: Finding, placement: Placement, reReview = false): CodeLens[] {
  const line = placement.state === 'lost' ? 0 : placement.range.start.line;
  const range: Range = { start: { line, character: 0 }, end: { line, character: 0 } };
  return lensKinds(finding, placement, reReview).map((kind) => ({ range, command: lensCommand(kind, finding, placement, reReview) }));
}

/** The command of one kind of lens of a finding as it is drawn now. */
export function lensCommand(kind: LensKind, finding: Finding, placement: Placement, reReview = false): Command {
  const args = [finding.id];
  switch (kind) {
    case LensKind.details:
      return { title: lensTitle(finding, placement, reReview), command: Commands.showDetails, arguments: args };
    case LensKind.uncertain:
      return { title: uncertainTitle(placement), command: Commands.showDetails, arguments: args };
    case LensKind.acknowledge:
      return { title: 'Acknowledge', command: Commands.acknowledge, arguments: args };
    case LensKind.dispute:
      return { title: 'Dispute', command: Commands.dispute, arguments: args };
    case LensKind.fix:
      return { title: fixLensTitle(finding.fixes?.length ?? 0), command: Commands.applySuggestedFix, arguments: args };
  }
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

/** The lens of a finding's suggested fixes: the Quick Fixes open from it (see views/codeActions.ts). */
export function fixLensTitle(count: number): string {
  return count > 1 ? `Apply a suggested fix (${count})…` : 'Apply suggested fix…';
}

/** "Location uncertain: the flagged line was edited since commit abc1234: best guess…" */
export function uncertainTitle(placement: Placement): string {
  return oneLine(`Location uncertain: ${placement.reason ?? 'best guess'}`, MAX_REASON);
}

/** One line of at most `max` characters, hidden characters written out; "… (cut)" when longer (the lens opens the details panel, which has it all). */
function oneLine(text: string, max: number = TEXT_CAPS.lensTitle): string {
  // Flattened from a prefix only: a 5 MB title is not scanned on every lens request.
  const flat = text
    .slice(0, max * 2 + 1)
    .replace(/\s+/g, ' ')
    .trim();
  return shown(text.length > max * 2 + 1 ? `${flat}…` : flat, max, '… (cut)');
}
