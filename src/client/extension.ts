/**
 * The extension's entry point. activate() only wires what the user sees at once (the status bar,
 * the commands, the Findings tree, the quick fixes, the panel's serializer) and returns. Just after,
 * the server's process starts (serverLaunch.ts) and the language client (connection.ts, its own
 * bundle) loads meanwhile, then creates the storage folder and talks to the server; commands that
 * need the server wait for it.
 */
import * as vscode from 'vscode';
import { announceNewFindings, registerCommands } from './commands';
import { SettingsReader } from './configuration';
import type { Connection, ConnectionDeps } from './serverConnection';
import { loadConnection } from './loadConnection';
import { registerFindingKeys } from './findingKeys';
import { createLog } from './log';
import { registerTriageUi } from './panel';
import { FindingsSource } from './findingsSource';
import { LastShownDiagnostics } from './lastShown';
import { pendingPanelServer } from './panel/pendingServer';
import { Redactor } from './redact';
import { ServerProcesses } from './serverLaunch';
import { SETTINGS_SECTION } from './settings';
import { SetupContext } from './setupContext';
import { StatusBar } from './statusBar';
import { FeedToken } from './token';
import { nextTurn } from './turns';

let connection: Connection | undefined;
let deactivated = false;

export function activate(context: vscode.ExtensionContext): void {
  deactivated = false;
  const redactor = new Redactor();
  const log = createLog(redactor);
  // The first line of each session's log: which version started, and when. The log's own timestamp
  // is when the line reached the file, which at start-up can be seconds later: the time since the
  // extension host started is measured here.
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '');
  log.info(`Findings Lens ${version} activated ${Math.round(process.uptime() * 1000)} ms after the extension host started`);
  const reader = new SettingsReader(log);
  const statusBar = new StatusBar();
  const token = new FeedToken(context.secrets, redactor, () => reader.read().feedUrl);
  const source = new FindingsSource(log);
  const setup = new SetupContext(reader);
  const processes = new ServerProcesses(context.asAbsolutePath('dist/server.js'));
  // Before anything else that waits: the open files' squiggles as they were at the last start.
  const lastShown = new LastShownDiagnostics(context.globalStorageUri, reader.read(), log);
  context.subscriptions.push(log, statusBar, token, source, setup, processes, lastShown, endLastShownOnFeedChange(lastShown));

  const connected = startConnection({ context, log, reader, statusBar, token, redactor, source, setup, processes, lastShown });
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

/**
 * After activate() returns, in turns of their own so that none holds the extension host long (each
 * was part of one 0.7–1 s stall at start-up, measured by npm run bench:editor): the server's process
 * starts, on the other core (a spawn from the extension host's big process costs 30–110 ms), and
 * the token is asked of the secret store; then the language client's bundle is compiled (367 KB,
 * with a V8 code cache from the second start on: loadConnection.ts) and run in steps, a turn each
 * (connection.ts); then the client is made and started.
 */
async function startConnection(deps: ConnectionDeps): Promise<Connection> {
  await nextTurn();
  stillActive();
  deps.processes.startEarly();
  deps.token.prefetch();
  await nextTurn();
  stillActive();
  const loaded = await loadConnection(deps.context.globalStorageUri, deps.log);
  await nextTurn();
  stillActive();
  connection = loaded.module.connect(deps);
  // The code cache for the next start, on a turn of its own: made now, it holds the functions
  // compiled by the load and the client's creation. Made once the client had started, it held
  // more, and took 71 ms of a busy extension host (npm run bench:editor).
  if (loaded.writeCache) void nextTurn().then(loaded.writeCache);
  return connection;
}

/** What was kept belongs to one feed and project: another one shows none of it. */
function endLastShownOnFeedChange(lastShown: LastShownDiagnostics): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(`${SETTINGS_SECTION}.feedUrl`) || e.affectsConfiguration(`${SETTINGS_SECTION}.project`)) lastShown.end();
  });
}

function stillActive(): void {
  if (deactivated) throw new Error('The extension was deactivated before the server started.');
}

export async function deactivate(): Promise<void> {
  deactivated = true;
  const stopping = connection?.client;
  connection = undefined;
  if (stopping?.needsStop()) await stopping.stop();
}
