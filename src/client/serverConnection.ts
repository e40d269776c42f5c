/**
 * The language server connection: vscode-languageclient and the protocol are most of the client's
 * code, and nothing the user sees at activation (status bar, commands, Findings tree, quick fixes)
 * needs them before the server runs, so this is built into its own bundle (dist/connection.js,
 * entered by connection.ts, which runs it in steps) and loaded just after activate() returns.
 * Here: create and start the client, hand it the token, keep its settings current, and forward
 * its notifications to the status bar and the findings.
 */
import * as vscode from 'vscode';
import { LogMessageNotification, State, type LanguageClient } from 'vscode-languageclient/node';
import {
  decisionsChanged,
  findingsChanged,
  listFindings,
  outboxChanged,
  setToken,
  settingsProblem,
  status,
  syncEnded,
  syncNow,
  type SyncResult,
} from '../shared/protocol';
import type { SettingsReader } from './configuration';
import type { FindingsSource } from './findingsSource';
import type { LastShownDiagnostics } from './lastShown';
import { serverLogLevel } from './logLine';
import { panelServer, type PanelServer } from './panel/panelServer';
import type { Redactor } from './redact';
import type { SetupContext } from './setupContext';
import { createServerClient, startServerClient } from './serverClient';
import type { ServerProcesses } from './serverLaunch';
import { SETTINGS_SECTION, settingsProblemMessage } from './settings';
import { watchSettings } from './settingsSync';
import type { StatusBar } from './statusBar';
import type { FeedToken, TokenReceiver } from './token';

/** What activate() made that the connection drives. */
export interface ConnectionDeps {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  reader: SettingsReader;
  statusBar: StatusBar;
  token: FeedToken;
  redactor: Redactor;
  source: FindingsSource;
  setup: SetupContext;
  /** The server's process, already starting (serverLaunch.ts). */
  processes: ServerProcesses;
  /** The open files' diagnostics from the last start, shown until the server shows its own. */
  lastShown: LastShownDiagnostics;
}

/** The running connection, as the commands and the panel use it. */
export interface Connection {
  client: LanguageClient;
  /** Resolves once the server runs; rejects when it could not start. */
  running: Promise<LanguageClient>;
  syncNow(): Promise<SyncResult>;
  panelServer: PanelServer;
}

export function connect(deps: ConnectionDeps): Connection {
  const { context, log, reader, statusBar, token, redactor, source, setup, processes, lastShown } = deps;
  const client = createServerClient(context, log, () => reader.read(), processes, lastShown);
  const running = startServerClient(context, client);
  running.catch((error: unknown) => {
    log.error('The Findings Lens server did not start', error);
    statusBar.failed(redactor.redact(error instanceof Error ? error.message : String(error)));
  });
  const sendToken: TokenReceiver = (value) => client.sendNotification(setToken, { token: value });

  source.attach({ isRunning: () => client.isRunning(), listFindings: () => client.sendRequest(listFindings) });
  context.subscriptions.push(
    client.onNotification(status, (params) => {
      // No sync will come to replace what was kept from the last start: the server has no feed or no token.
      if (params.state.kind === 'notConfigured' || params.state.kind === 'noToken') lastShown.end();
      statusBar.update(params);
      setup.setState(params.state);
      source.setCounts(params.counts);
    }),
    client.onNotification(settingsProblem, (params) => void showSettingsProblem(params.problems)),
    // The server's log goes straight to our channel, which times each line itself. The language
    // client's own handler (which this one replaces: a handler registered before start is added
    // after its built-in ones) formats a time with toLocaleTimeString first, and the first call in
    // the extension host loads the locale data: a 70 ms stall on a quiet machine, 300-400 ms on a
    // busy one, measured by npm run bench:editor.
    client.onNotification(LogMessageNotification.type, (params) => log[serverLogLevel(params.type)](params.message)),
    client.onNotification(findingsChanged, () => source.markStale()),
    client.onNotification(outboxChanged, (params) => source.setOutbox(params.entries)),
    // Each file kept from the last start made way for the server's as it was set (serverClient.ts);
    // once a sync has ended, what is left of them is of files the feed no longer flags.
    client.onNotification(syncEnded, (params) => (lastShown.end(), source.syncEnded(params))),
    client.onNotification(decisionsChanged, () => source.decisionsChanged()),
    // On every (re)start the server starts without a token: hand it over.
    client.onDidChangeState((e) => {
      if (e.newState === State.Running) {
        token.sendTo(sendToken).catch((error: unknown) => log.error('Could not hand the token to the server', error));
        source.markStale();
      }
      // A crash restart passes through Stopped then Starting; Stopped alone means the client gave up.
      if (e.newState === State.Stopped && e.oldState === State.Running)
        statusBar.failed('The language server stopped and was not restarted.');
      if (e.newState === State.Starting) statusBar.starting();
    }),
    token.onDidChange(() => {
      // The list refresh after the hand-over lets an open panel see who is signed in now (a lead's
      // token brings the Review tab even when the findings themselves did not change).
      if (client.isRunning())
        token.sendTo(sendToken).then(
          () => source.markStale(),
          (error: unknown) => log.error('Could not hand the token to the server', error),
        );
    }),
    watchSettings(reader, token, client, sendToken, log),
  );

  return {
    client,
    running,
    syncNow: async () => (await running).sendRequest(syncNow),
    panelServer: panelServer(client),
  };
}

async function showSettingsProblem(problems: string[]): Promise<void> {
  const open = 'Open Settings';
  const answer = await vscode.window.showWarningMessage(settingsProblemMessage(problems), open);
  if (answer === open) await vscode.commands.executeCommand('workbench.action.openSettings', SETTINGS_SECTION);
}
