/**
 * The language client: how the server process is started and what it is told at start. The
 * server is dist/server.js over IPC; settings are pushed by the extension itself (see
 * configuration.ts), so the client's own configuration sync is switched off.
 */
import * as vscode from 'vscode';
import {
  LanguageClient,
  ResponseError,
  TransportKind,
  type LanguageClientOptions,
  type Middleware,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { Commands } from '../shared/commands';
import { SERVER_ENV } from '../shared/serverProcess';
import type { InitializationOptions, ServerSettings } from '../shared/settings';
import { detailsLinks, findingIdsAt } from './hoverLinks';
import { withSeverityIcon } from './lensIcons';
import { SETTINGS_SECTION } from './settings';

export function createServerClient(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  settings: () => ServerSettings,
): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { env: { ...SERVER_ENV } } },
    debug: { module, transport: TransportKind.ipc, options: { env: { ...SERVER_ENV }, execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file' }],
    outputChannel: log,
    traceOutputChannel: log,
    initializationOptions: (): InitializationOptions => ({ settings: settings(), storagePath: context.globalStorageUri.fsPath }),
    middleware: { ...settingsMiddleware(settings), provideHover: withPanelLinks, provideCodeLenses: withSeverityIcons },
  };
  return new LanguageClient('findingsLens', 'Findings Lens', serverOptions, clientOptions);
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

/** Creates the server's storage folder, then starts the client; resolves when it is running. */
export async function startServerClient(context: vscode.ExtensionContext, client: LanguageClient): Promise<LanguageClient> {
  await vscode.workspace.fs.createDirectory(context.globalStorageUri);
  await client.start();
  return client;
}
