/**
 * The keyboard's way to findings (package.json `keybindings`): next/previous finding in the file
 * and across the workspace, and Acknowledge/Dispute on the finding at the cursor. They read the
 * Findings Lens diagnostics the editor already has: no list is asked for.
 */
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from '../shared/commands';
import type { TriageAction } from '../shared/feed';
import { nextSpot, type Direction, type FindingSpot } from './findingJumps';
import { findingIdsAt } from './hoverLinks';
import type { TriageUi } from './panel';

export const FindingKeyCommands = {
  next: 'findingsLens.nextFinding',
  previous: 'findingsLens.previousFinding',
  nextInWorkspace: 'findingsLens.nextFindingInWorkspace',
  previousInWorkspace: 'findingsLens.previousFindingInWorkspace',
  acknowledgeAtCursor: 'findingsLens.acknowledgeAtCursor',
  disputeAtCursor: 'findingsLens.disputeAtCursor',
} as const;

export function registerFindingKeys(triageUi: TriageUi): vscode.Disposable[] {
  const jump = (direction: Direction, sameFile: boolean) => () => goTo(direction, sameFile);
  const decide = (action: TriageAction) => () => decideAtCursor(triageUi, action);
  return [
    vscode.commands.registerCommand(FindingKeyCommands.next, jump('next', true)),
    vscode.commands.registerCommand(FindingKeyCommands.previous, jump('previous', true)),
    vscode.commands.registerCommand(FindingKeyCommands.nextInWorkspace, jump('next', false)),
    vscode.commands.registerCommand(FindingKeyCommands.previousInWorkspace, jump('previous', false)),
    vscode.commands.registerCommand(FindingKeyCommands.acknowledgeAtCursor, decide('acknowledge')),
    vscode.commands.registerCommand(FindingKeyCommands.disputeAtCursor, decide('dispute')),
  ];
}

/** The open findings' places (resolved ones, faded as unnecessary, are left out). */
function findingSpots(): FindingSpot[] {
  const spots: FindingSpot[] = [];
  for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
    for (const d of diagnostics) {
      if (d.source !== DIAGNOSTIC_SOURCE || d.tags?.includes(vscode.DiagnosticTag.Unnecessary)) continue;
      spots.push({ uri: uri.toString(), line: d.range.start.line, character: d.range.start.character });
    }
  }
  return spots;
}

async function goTo(direction: Direction, sameFile: boolean): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const from: FindingSpot = editor
    ? { uri: editor.document.uri.toString(), line: editor.selection.active.line, character: editor.selection.active.character }
    : { uri: '', line: 0, character: 0 };
  if (sameFile && !editor) return say('Open a file first: this goes to the next finding in the file.');
  const spot = nextSpot(findingSpots(), from, direction, sameFile);
  if (!spot) return say(sameFile ? 'No open finding in this file.' : 'No open finding in the workspace.');
  const at = new vscode.Position(spot.line, spot.character);
  await vscode.window.showTextDocument(vscode.Uri.parse(spot.uri), { selection: new vscode.Range(at, at), preview: false });
}

/** The finding under the cursor (or on its line); with several, the user picks one. */
async function decideAtCursor(triageUi: TriageUi, action: TriageAction): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return say('Put the cursor on a finding in a file first.');
  const diagnostics = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === DIAGNOSTIC_SOURCE);
  const at = editor.selection.active;
  const like = diagnostics.map((d) => ({
    source: d.source,
    data: (d as { data?: unknown }).data,
    message: d.message,
    contains: (line: number, ch: number) => d.range.contains(new vscode.Position(line, ch)),
    onLine: (line: number) => d.range.start.line <= line && line <= d.range.end.line,
  }));
  let ids = findingIdsAt(like, at.line, at.character);
  if (ids.length === 0)
    ids = findingIdsAt(
      like.map((d) => ({ ...d, contains: (line: number) => d.onLine(line) })),
      at.line,
      at.character,
    );
  if (ids.length === 0)
    return say(
      `No finding at the cursor. ${action === 'acknowledge' ? 'Acknowledge' : 'Dispute'} works on the finding under the cursor (Ctrl+Alt+K N goes to the next one).`,
    );
  const id = ids.length === 1 ? ids[0] : await pick(ids, like);
  if (id) triageUi.decide(id, action);
}

async function pick(ids: string[], diagnostics: { data?: unknown; message: string }[]): Promise<string | undefined> {
  const items = ids.map((id) => ({
    label: diagnostics.find((d) => (d.data as { findingId?: string } | undefined)?.findingId === id)?.message ?? id,
    id,
  }));
  return (await vscode.window.showQuickPick(items, { title: 'Which finding?' }))?.id;
}

function say(message: string): void {
  void vscode.window.showInformationMessage(`Findings Lens: ${message}`);
}
