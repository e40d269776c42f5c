/**
 * The language client: how it reaches the server and what it tells it at start. The server is
 * dist/server.js over node IPC, a process started before the client itself (serverLaunch.ts);
 * settings are pushed by the extension itself (see configuration.ts), so the client's own
 * configuration sync is switched off. The files' diagnostics reach the editor in batches
 * (diagnosticsBatch.ts), which the server sends as such (`findingsLens/diagnostics`).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import * as vscode from 'vscode';
import {
  IPCMessageReader,
  IPCMessageWriter,
  LanguageClient,
  ResponseError,
  State,
  type LanguageClientOptions,
  type MessageTransports,
  type Middleware,
} from 'vscode-languageclient/node';
import { Commands } from '../shared/commands';
import { diagnosticsBatch, type ExperimentalCapabilities } from '../shared/protocol';
import type { InitializationOptions, ServerSettings } from '../shared/settings';
import { DiagnosticsBatch } from './diagnosticsBatch';
import { detailsLinks, findingIdsAt } from './hoverLinks';
import type { LastShownDiagnostics } from './lastShown';
import { withSeverityIcon } from './lensIcons';
import type { ServerProcesses } from './serverLaunch';
import { SETTINGS_SECTION } from './settings';
import { SharedDiagnosticParts } from './sharedDiagnosticParts';

export function createServerClient(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  settings: () => ServerSettings,
  processes: ServerProcesses,
  lastShown: LastShownDiagnostics,
): LanguageClient {
  const batch = new DiagnosticsBatch(
    () => client.diagnostics,
    undefined,
    (uris) => lastShown.drop(uris),
  );
  const parts = new SharedDiagnosticParts<vscode.Uri>();
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file' }],
    outputChannel: log,
    traceOutputChannel: log,
    initializationOptions: (): InitializationOptions => ({ settings: settings(), storagePath: context.globalStorageUri.fsPath }),
    middleware: {
      ...settingsMiddleware(settings),
      provideHover: withPanelLinks,
      provideCodeLenses: withSeverityIcons,
      handleDiagnostics: (uri, diagnostics) => batch.add(uri, parts.share(diagnostics)),
    },
  };
  const client = new LanguageClient('findingsLens', 'Findings Lens', async () => transportsOf(processes.next(), log), clientOptions);
  takeDiagnosticBatches(client, batch, parts);
  context.subscriptions.push(
    batch,
    client.onDidChangeState((e) => {
      if (e.newState !== State.Running) batch.drop();
    }),
  );
  return client;
}

/**
 * Says that this client takes `findingsLens/diagnostics`, and takes them: one request at a time, in
 * the order they came (a file in two of them keeps the newer list), answered once the editor shows
 * them. The language client converts each list as it converts publishDiagnostics (its converter
 * keeps each diagnostic's `data`, which the hover links and the code actions read back); their
 * common parts are then shared (sharedDiagnosticParts.ts).
 */
function takeDiagnosticBatches(client: LanguageClient, batch: DiagnosticsBatch, parts: SharedDiagnosticParts<vscode.Uri>): void {
  client.registerFeature({
    fillClientCapabilities: (capabilities) => {
      const experimental: ExperimentalCapabilities = { findingsLens: { diagnosticBatches: true } };
      capabilities.experimental = { ...(capabilities.experimental as object | undefined), ...experimental };
    },
    initialize: () => undefined,
    getState: () => ({ kind: 'static' }),
    clear: () => undefined,
  });
  let previous: Promise<unknown> = Promise.resolve();
  client.onRequest(diagnosticsBatch, (params) => {
    const taken = previous.then(async () => {
      const entries: Array<[vscode.Uri, vscode.Diagnostic[]]> = [];
      for (const file of params.files) {
        const diagnostics = await client.protocol2CodeConverter.asDiagnostics(file.diagnostics);
        entries.push([client.protocol2CodeConverter.asUri(file.uri), parts.share(diagnostics)]);
      }
      await batch.addNow(entries);
      return null;
    });
    previous = taken.catch(() => undefined);
    return taken;
  });
}

/** Talks to a server process over its IPC channel; what it writes to stdout or stderr goes to the log, as the client does it. */
function transportsOf(child: ChildProcess, log: vscode.LogOutputChannel): MessageTransports {
  for (const stream of [child.stdout, child.stderr]) stream?.on('data', (data: Buffer) => log.append(data.toString('utf8')));
  return { reader: new IPCMessageReader(child), writer: new IPCMessageWriter(child) };
}

/**
 * Settings reach the server only in the ServerSettings shape read by readServerSettings, so that a
 * workspace's feed URL is never passed on. If the server registers for configuration changes or
 * asks `workspace/configuration`, it gets that shape too, never VS Code's raw section.
 */
function settingsMiddleware(settings: () => ServerSettings): Middleware {
  return {
    workspace: {
      // The extension pushes `{ settings: { findingsLens } }` itself on every change.
      didChangeConfiguration: async () => undefined,
      configuration: async (params, token, next) => {
        const answers = await next(params, token);
        if (answers instanceof ResponseError) return answers;
        return params.items.map((item, i) => {
          if (item.section === SETTINGS_SECTION) return settings();
          return item.section?.startsWith(`${SETTINGS_SECTION}.`) ? null : answers[i];
        });
      },
    },
  };
}

/** Adds the trusted "Open in the triage panel" line under the server's (untrusted) hover. */
const withPanelLinks: Middleware['provideHover'] = async (document, position, token, next) => {
  const hover = await next(document, position, token);
  if (!hover) return hover;
  const diagnostics = vscode.languages.getDiagnostics(document.uri).map((d) => ({
    source: d.source,
    data: (d as { data?: unknown }).data,
    contains: (line: number, character: number) => d.range.contains(new vscode.Position(line, character)),
  }));
  const ids = findingIdsAt(diagnostics, position.line, position.character);
  if (ids.length === 0) return hover;
  const links = new vscode.MarkdownString(detailsLinks(ids), true);
  links.isTrusted = { enabledCommands: [Commands.showDetails] };
  // First, where it is seen: at the bottom it sat below a long message, inside the scroll box.
  return new vscode.Hover([links, ...hover.contents], hover.range);
};

/** The details lens starts with its finding's severity ("Critical · …"): its codicon goes in front, as in the Findings view. */
const withSeverityIcons: Middleware['provideCodeLenses'] = async (document, token, next) => {
  const lenses = await next(document, token);
  for (const lens of lenses ?? []) {
    if (lens.command?.command === Commands.showDetails) lens.command.title = withSeverityIcon(lens.command.title);
  }
  return lenses;
};

/**
 * Creates the server's storage folder, then starts the client; resolves when it is running. A
 * folder on this machine is made with Node's fs: through the editor's file service it is a round
 * trip through the window, which at start-up answered after 750 ms (npm run bench:editor).
 */
export async function startServerClient(context: vscode.ExtensionContext, client: LanguageClient): Promise<LanguageClient> {
  const storage = context.globalStorageUri;
  if (storage.scheme === 'file') await mkdir(storage.fsPath, { recursive: true });
  else await vscode.workspace.fs.createDirectory(storage);
  await client.start();
  return client;
}
