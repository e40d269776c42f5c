/**
 * The extension's entry point. activate() only wires what the user sees at once (the status bar,
 * the commands, the Findings tree, the quick fixes, the panel's serializer) and returns. The
 * language client (connection.ts, its own bundle) loads just after, and starts the server (which
 * creates the storage folder first) in the background; commands that need the server wait for it.
 */
import type * as vscode from 'vscode';
import { announceNewFindings, registerCommands } from './commands';
import { SettingsReader } from './configuration';
import type { Connection } from './connection';
import { loadConnection } from './loadConnection';
import { registerFindingKeys } from './findingKeys';
import { createLog } from './log';
import { registerTriageUi } from './panel';
import { FindingsSource } from './findingsSource';
import { pendingPanelServer } from './panel/pendingServer';
import { Redactor } from './redact';
import { SetupContext } from './setupContext';
import { StatusBar } from './statusBar';
import { FeedToken } from './token';

let connection: Connection | undefined;
let deactivated = false;

export function activate(context: vscode.ExtensionContext): void {
  deactivated = false;
  const redactor = new Redactor();
  const log = createLog(redactor);
  const reader = new SettingsReader(log);
  const statusBar = new StatusBar();
  const token = new FeedToken(context.secrets, redactor, () => reader.read().feedUrl);
  const source = new FindingsSource(log);
  const setup = new SetupContext(reader);
  context.subscriptions.push(log, statusBar, token, source, setup);

  const connected = new Promise<Connection>((resolve, reject) => {
    // After activate() returns: loading the language client is most of the extension's start-up.
    setImmediate(() => {
      try {
        if (deactivated) throw new Error('The extension was deactivated before the server started.');
        connection = loadConnection().connect({ context, log, reader, statusBar, token, redactor, source, setup });
        resolve(connection);
      } catch (error) {
        reject(error);
      }
    });
  });
  connected.catch((error: unknown) => {
    if (deactivated) return;
    log.error('The Findings Lens server did not start', error);
    statusBar.failed(redactor.redact(error instanceof Error ? error.message : String(error)));
  });

  // The panel, the Findings tree and the quick fixes; the findings arrive once the server runs.
  const triageUi = registerTriageUi(
    context,
    source,
    pendingPanelServer(() => connection?.panelServer),
    log,
    setup,
  );
  context.subscriptions.push(
    ...registerCommands({ syncNow: async () => (await connected).syncNow(), token, log, redactor, triageUi }),
    ...registerFindingKeys(triageUi),
    source.onDidEndSync((ended) => void announceNewFindings(ended, triageUi)),
  );
}

export async function deactivate(): Promise<void> {
  deactivated = true;
  const stopping = connection?.client;
  connection = undefined;
  if (stopping?.needsStop()) await stopping.stop();
}
