/**
 * The extension's entry point. activate() only wires things together and returns at once: the
 * commands and the status bar exist before the server has started, and the server start (which
 * creates the storage folder first) runs in the background.
 */
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { settingsProblem, status } from '../shared/protocol';
import { registerCommands } from './commands';
import { SettingsReader, watchSettings } from './configuration';
import { createLog } from './log';
import { registerTriageUi } from './panel';
import { Redactor } from './redact';
import { createServerClient, startServerClient } from './serverClient';
import { SETTINGS_SECTION, settingsProblemMessage } from './settings';
import { StatusBar } from './statusBar';
import { FeedToken } from './token';

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const redactor = new Redactor();
  const log = createLog(redactor);
  const reader = new SettingsReader(log);
  const statusBar = new StatusBar();
  const token = new FeedToken(context.secrets, redactor, () => reader.read().feedUrl);
  const languageClient = createServerClient(context, log, () => reader.read());
  client = languageClient;

  const running = startServerClient(context, languageClient);
  running.catch((error: unknown) => {
    log.error('The Findings Lens server did not start', error);
    statusBar.failed(redactor.redact(error instanceof Error ? error.message : String(error)));
  });

  // The panel, the Findings tree and the quick fixes; it listens to findingsChanged/outboxChanged itself.
  const triageUi = registerTriageUi(context, languageClient, log);
  languageClient.onNotification(status, (params) => statusBar.update(params));
  languageClient.onNotification(settingsProblem, (params) => void showSettingsProblem(params.problems));
  context.subscriptions.push(
    log,
    statusBar,
    token,
    // On every (re)start the server starts without a token: hand it over.
    languageClient.onDidChangeState((e) => {
      if (e.newState === State.Running) token.sendTo(languageClient).catch((error: unknown) => log.error('Could not hand the token to the server', error));
      // A crash restart passes through Stopped then Starting; Stopped alone means the client gave up.
      if (e.newState === State.Stopped && e.oldState === State.Running) statusBar.failed('The language server stopped and was not restarted.');
      if (e.newState === State.Starting) statusBar.starting();
    }),
    token.onDidChange(() => {
      if (languageClient.isRunning()) token.sendTo(languageClient).catch((error: unknown) => log.error('Could not hand the token to the server', error));
    }),
    watchSettings(reader, token, languageClient, log),
    ...registerCommands({ server: () => running, token, log, redactor, triageUi }),
  );
}

export async function deactivate(): Promise<void> {
  const stopping = client;
  client = undefined;
  if (stopping?.needsStop()) await stopping.stop();
}

async function showSettingsProblem(problems: string[]): Promise<void> {
  const open = 'Open Settings';
  const answer = await vscode.window.showWarningMessage(settingsProblemMessage(problems), open);
  if (answer === open) await vscode.commands.executeCommand('workbench.action.openSettings', SETTINGS_SECTION);
}
