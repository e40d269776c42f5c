/**
 * The extension's commands, one small function each. They ask the server and show the answer;
 * the client keeps no findings of its own. Ids come from src/shared/commands.ts.
 */
import * as vscode from 'vscode';
import { ErrorCodes, ResponseError, type BaseLanguageClient } from 'vscode-languageclient';
import { Commands } from '../shared/commands';
import type { TriageAction } from '../shared/feed';
import { getFinding, submitTriage, syncNow as syncNowRequest } from '../shared/protocol';
import { findingRange } from './findingRange';
import type { Redactor } from './redact';
import { syncMessage } from './syncMessage';
import type { FeedToken } from './token';
import { findingIdArgument, reasonChoices, validateComment } from './triageInput';

/** What the commands need: the server once it runs, the token, the log. */
export interface CommandContext {
  server: () => Promise<BaseLanguageClient>;
  token: FeedToken;
  log: vscode.LogOutputChannel;
  redactor: Redactor;
}

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  const commands: Record<string, (arg?: unknown) => Promise<void>> = {
    [Commands.setToken]: () => ctx.token.promptAndStore(),
    [Commands.clearToken]: () => ctx.token.clear(),
    [Commands.syncNow]: () => syncNow(ctx),
    [Commands.showOutput]: async () => ctx.log.show(true),
    [Commands.acknowledge]: (arg) => triage(ctx, 'acknowledge', arg),
    [Commands.dispute]: (arg) => triage(ctx, 'dispute', arg),
    [Commands.showDetails]: (arg) => showDetails(ctx, arg),
  };
  return Object.entries(commands).map(([id, run]) =>
    vscode.commands.registerCommand(id, (arg?: unknown) => run(arg).catch((error: unknown) => reportFailure(ctx, id, error))),
  );
}

/** Sync Now: a notification with progress while the request runs, then what it did. */
export async function syncNow(ctx: CommandContext): Promise<void> {
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Findings Lens: syncing with the feed…' },
    async () => (await ctx.server()).sendRequest(syncNowRequest),
  );
  const message = syncMessage(result);
  if (message.level === 'info') {
    void vscode.window.showInformationMessage(message.text);
    return;
  }
  await offerOutput(ctx, vscode.window.showWarningMessage(ctx.redactor.redact(message.text), 'Show Output'));
}

/** Acknowledge or dispute: a reason, a comment, then the decision is queued by the server. */
export async function triage(ctx: CommandContext, action: TriageAction, arg: unknown): Promise<void> {
  const findingId = findingIdArgument(arg);
  if (findingId === undefined) return missingFinding();
  if (!vscode.workspace.isTrusted) return needsTrust(action);
  const reason = await pickReason(action);
  if (reason === undefined) return;
  const comment = await askComment(action);
  if (comment === undefined) return;
  try {
    await (await ctx.server()).sendRequest(submitTriage, { findingId, action, reason, comment: comment.trim() });
  } catch (error) {
    if (error instanceof ResponseError && error.code === ErrorCodes.MethodNotFound) {
      void vscode.window.showInformationMessage('Findings Lens: decisions are not available yet. Nothing was recorded.');
      return;
    }
    throw error;
  }
  const verb = action === 'acknowledge' ? 'Acknowledgement' : 'Dispute';
  void vscode.window.showInformationMessage(`Findings Lens: ${verb} queued; it will be sent to the feed, and kept until it is.`);
}

async function pickReason(action: TriageAction): Promise<string | undefined> {
  const items = reasonChoices(action).map((choice) => ({ label: choice.label, detail: choice.description, code: choice.code }));
  const picked = await vscode.window.showQuickPick(items, {
    title: action === 'acknowledge' ? 'Acknowledge finding: why?' : 'Dispute finding: why does it not apply?',
    placeHolder: 'Choose a reason',
    matchOnDetail: true,
    ignoreFocusOut: true,
  });
  return picked?.code;
}

async function askComment(action: TriageAction): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: action === 'acknowledge' ? 'Acknowledge finding: comment (optional)' : 'Dispute finding: comment (required)',
    prompt: action === 'acknowledge' ? 'Anything a reviewer should know.' : 'Say why the finding does not apply; a lead reviews it.',
    ignoreFocusOut: true,
    validateInput: (value) => validateComment(action, value),
  });
}

/** Show Details: open the finding's file at its location and show its hover. */
export async function showDetails(ctx: CommandContext, arg: unknown): Promise<void> {
  const id = findingIdArgument(arg);
  if (id === undefined) return missingFinding();
  const details = await (await ctx.server()).sendRequest(getFinding, { id });
  if (details === null) {
    void vscode.window.showInformationMessage('Findings Lens: that finding is no longer in the feed. Sync to refresh.');
    return;
  }
  if (details.uri === null) {
    void vscode.window.showWarningMessage('Findings Lens: this finding points outside the workspace folder, so it was set aside and cannot be opened.');
    return;
  }
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(details.uri, true));
  const r = findingRange(details.finding.location);
  const range = document.validateRange(new vscode.Range(r.startLine, r.startCharacter, r.endLine, r.endCharacter));
  const editor = await vscode.window.showTextDocument(document, { selection: new vscode.Range(range.start, range.start) });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  await vscode.commands.executeCommand('editor.action.showHover');
}

function missingFinding(): void {
  void vscode.window.showErrorMessage('Findings Lens: this command works on one finding; run it from a finding\'s code lens or hover.');
}

async function needsTrust(action: TriageAction): Promise<void> {
  const manage = 'Manage Workspace Trust';
  const verb = action === 'acknowledge' ? 'Acknowledging' : 'Disputing';
  const answer = await vscode.window.showWarningMessage(
    `Findings Lens: ${verb} findings needs a trusted workspace, because decisions are sent to the feed in your name. Findings stay visible in restricted mode.`,
    manage,
  );
  if (answer === manage) await vscode.commands.executeCommand('workbench.trust.manage');
}

function reportFailure(ctx: CommandContext, id: string, error: unknown): Promise<void> {
  ctx.log.error(`Command ${id} failed`, error);
  const why = error instanceof Error ? error.message : String(error);
  return offerOutput(ctx, vscode.window.showErrorMessage(`Findings Lens: ${ctx.redactor.redact(why)} (see the output for details).`, 'Show Output'));
}

async function offerOutput(ctx: CommandContext, answer: Thenable<string | undefined>): Promise<void> {
  if ((await answer) === 'Show Output') ctx.log.show(true);
}
