/**
 * The code lenses above a finding. Command ids come only from src/shared/commands.ts and the only
 * argument is the finding id: nothing from the feed ever names a command.
 *
 * `textDocument/codeLens` answers lenses with a range and a small `data` ({@link LensData}) but
 * no command: a file with 1,000 findings has ~3,000 lenses, and the editor shows only the few on
 * screen. `codeLens/resolve` then fills in the command of each visible lens from the current view.
 */
import type { CodeLens, Command, Range } from 'vscode-languageserver';
import type { FindingCore as Finding } from './store';
import { Commands } from '../shared/commands';
import type { Placement } from './placement';
import { isResolved, severityLabel, statusLabel } from './findingState';

const MAX_TITLE = 80;
const MAX_REASON = 140;

/** Which of a finding's lenses: its details, why its place is a guess, Acknowledge, Dispute. */
export const LensKind = { details: 0, uncertain: 1, acknowledge: 2, dispute: 3 } as const;
export type LensKind = (typeof LensKind)[keyof typeof LensKind];

/** What an unresolved lens carries (most of the answer's bytes, so kept short): the finding id and which lens. */
export type LensData = [findingId: string, kind: LensKind];

/** A finding as drawn now in its file (see fileView.DrawnFinding). */
export interface LensSubject {
  finding: Finding;
  placement: Placement;
  reReview: boolean;
  hidden: boolean;
}

/**
 * What a lens resolves to when its finding is gone, hidden, lost, or no longer offers that lens
 * (resolved since, say): a plain title. An empty command id is shown as text that does nothing;
 * a lens left without a command would read "!!MISSING: command!!" in VS Code. The editor asks
 * for the file's lenses again on the refresh the server sends after every change.
 */
export const STALE_LENS: Command = { title: '(finding changed)', command: '' };

/**
 * The kinds of lens a finding gets: details, then Acknowledge and Dispute unless resolved or lost;
 * a best guess (`uncertain`) gets one more lens saying why, which opens the details too. A resolved
 * finding whose code changed since the decision (`reReview`) is offered the decision again.
 */
export function lensKinds(finding: Finding, placement: Placement, reReview = false): LensKind[] {
  const kinds: LensKind[] = [LensKind.details];
  if (placement.state === 'uncertain') kinds.push(LensKind.uncertain);
  if ((isResolved(finding) && !reReview) || placement.state === 'lost') return kinds;
  kinds.push(LensKind.acknowledge, LensKind.dispute);
  return kinds;
}

/** The unresolved lenses of one finding, on its first line (the top of the file when lost). */
export function buildCodeLenses(finding: Finding, placement: Placement, reReview = false): CodeLens[] {
  const line = placement.state === 'lost' ? 0 : placement.range.start.line;
  const range: Range = { start: { line, character: 0 }, end: { line, character: 0 } };
  return lensKinds(finding, placement, reReview).map((kind) => ({ range, data: [finding.id, kind] satisfies LensData }));
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
  }
}

/**
 * `codeLens/resolve`: the lens with its command, read from the finding as `drawnOf` draws it now
 * (the file may have changed since the lens was sent); {@link STALE_LENS} when that lens is no
 * longer offered. `data` comes back from the client: anything but a {@link LensData} is stale.
 */
export function resolveCodeLens(lens: CodeLens, drawnOf: (findingId: string) => LensSubject | undefined): CodeLens {
  const data = lensDataOf(lens.data);
  const drawn = data && drawnOf(data[0]);
  const offered = drawn && !drawn.hidden && drawn.placement.state !== 'lost' && lensKinds(drawn.finding, drawn.placement, drawn.reReview).includes(data[1]);
  return { range: lens.range, command: offered ? lensCommand(data[1], drawn.finding, drawn.placement, drawn.reReview) : STALE_LENS };
}

function lensDataOf(raw: unknown): LensData | undefined {
  if (!Array.isArray(raw) || raw.length !== 2) return undefined;
  const [id, kind] = raw as unknown[];
  return typeof id === 'string' && (Object.values(LensKind) as unknown[]).includes(kind) ? [id, kind as LensKind] : undefined;
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
