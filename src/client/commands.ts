/**
 * The extension's commands, one small function each. They ask the server and show the answer;
 * the client keeps no findings of its own. Ids come from src/shared/commands.ts. The finding
 * commands (acknowledge, dispute, details) open the triage panel, which asks for the reason and
 * comment, checks workspace trust, and sends the decision (see src/client/panel).
 */
import * as vscode from 'vscode';
import { Commands } from '../shared/commands';
import type { TriageAction } from '../shared/feed';
import type { SyncEndedParams, SyncResult } from '../shared/protocol';
import type { TriageUi } from './panel';
import type { Redactor } from './redact';
import { newFindingsNotice } from './newFindings';
import { offerWillFix, openSuggestedFixes } from './suggestedFixes';
import { syncMessage } from './syncMessage';
import type { FeedToken } from './token';
import { findingIdArgument } from './triageInput';

/** What the commands need: the server's sync (once it runs), the token, the log, the triage panel. */
export interface CommandContext {
  /** Asks the server to sync now; waits for the server to start first. */
  syncNow: () => Promise<SyncResult>;
  token: FeedToken;
  log: vscode.LogOutputChannel;
  redactor: Redactor;
  triageUi: TriageUi;
}

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  const commands: Record<string, (arg?: unknown) => Promise<void>> = {
    [Commands.setToken]: () => ctx.token.promptAndStore(),
    [Commands.clearToken]: () => ctx.token.clear(),
    [Commands.syncNow]: () => syncNow(ctx),
    [Commands.showOutput]: async () => ctx.log.show(true),
    [Commands.acknowledge]: (arg) => decide(ctx, 'acknowledge', arg),
    [Commands.dispute]: (arg) => decide(ctx, 'dispute', arg),
    [Commands.showDetails]: (arg) => showDetails(ctx, arg),
    [Commands.applySuggestedFix]: (arg) => openSuggestedFixes(arg),
    [Commands.fixApplied]: (arg) => offerWillFix(ctx.triageUi, arg),
  };
  return Object.entries(commands).map(([id, run]) =>
    vscode.commands.registerCommand(id, (arg?: unknown) => run(arg).catch((error: unknown) => reportFailure(ctx, id, error))),
  );
}

/**
 * Sync Now: progress in the status bar while the request runs (beside the Findings Lens item, which
 * says "syncing" too), then one notification saying what it did. Not a progress notification: a
 * sync that waits out an outage keeps it open for as long as it retries, it cannot be dismissed
 * meanwhile, and in the end-to-end suite such a toast stayed on screen while the notifications
 * after it (what Sync Now brought, a new critical finding) never showed.
 */
export async function syncNow(ctx: CommandContext): Promise<void> {
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'Findings Lens: syncing with the feed…' },
    () => ctx.syncNow(),
  );
  const message = syncMessage(result);
  if (message.level === 'info') {
    const show = message.show;
    if (!show) return void vscode.window.showInformationMessage(message.text);
    if ((await vscode.window.showInformationMessage(message.text, 'Show')) === 'Show')
      await ctx.triageUi.showFindings(show, 'changed in the last sync');
    return;
  }
  await offerOutput(ctx, vscode.window.showWarningMessage(ctx.redactor.redact(message.text), 'Show Output'));
}

/** A background sync brought new findings of the severities the user chose: say so, with Show. */
export async function announceNewFindings(ended: SyncEndedParams, triageUi: TriageUi): Promise<void> {
  const severities = vscode.workspace.getConfiguration('findingsLens').get<string[]>('notify.severities') ?? ['critical'];
  const notice = newFindingsNotice(ended, Array.isArray(severities) ? severities : []);
  if (!notice) return;
  if ((await vscode.window.showInformationMessage(notice.text, 'Show')) === 'Show')
    await triageUi.showFindings(notice.ids, 'new in the last sync');
}

/** Acknowledge or dispute (code lens, hover, quick fix): the triage panel opens on the finding with its form. */
export async function decide(ctx: CommandContext, action: TriageAction, arg: unknown): Promise<void> {
  const findingId = findingIdArgument(arg);
  if (findingId === undefined) return missingFinding();
  ctx.triageUi.decide(findingId, action);
}

/** Show Details: the triage panel opens on the finding (its message, flow, history and actions). */
export async function showDetails(ctx: CommandContext, arg: unknown): Promise<void> {
  const findingId = findingIdArgument(arg);
  if (findingId === undefined) return missingFinding();
  ctx.triageUi.showDetails(findingId);
}

function missingFinding(): void {
  void vscode.window.showErrorMessage("Findings Lens: this command works on one finding; run it from a finding's code lens or hover.");
}

function reportFailure(ctx: CommandContext, id: string, error: unknown): Promise<void> {
  ctx.log.error(`Command ${id} failed`, error);
  const why = error instanceof Error ? error.message : String(error);
  return offerOutput(
    ctx,
    vscode.window.showErrorMessage(`Findings Lens: ${ctx.redactor.redact(why)} (see the output for details).`, 'Show Output'),
  );
}

async function offerOutput(ctx: CommandContext, answer: Thenable<string | undefined>): Promise<void> {
  if ((await answer) === 'Show Output') ctx.log.show(true);
}
