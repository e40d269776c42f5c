/**
 * Keeps the server's settings current: pushes `workspace/didChangeConfiguration` with
 * `{ settings: { findingsLens } }` whenever a Findings Lens setting changes. When the feed's origin
 * changes, the server forgets the old token before it learns the new URL, then gets the new feed's
 * token: a token is never paired with a feed it was not set for. Part of the server connection
 * (connection.ts), loaded after activation.
 */
import * as vscode from 'vscode';
import { DidChangeConfigurationNotification, type BaseLanguageClient } from 'vscode-languageclient';
import type { DidChangeConfigurationSettings } from '../shared/protocol';
import type { ServerSettings } from '../shared/settings';
import type { SettingsReader } from './configuration';
import { SETTINGS_SECTION } from './settings';
import type { FeedToken, TokenReceiver } from './token';
import { feedOrigin } from './tokenRules';

/** Pushes the settings to the server on every change that touches `findingsLens`. */
export function watchSettings(
  reader: SettingsReader,
  token: FeedToken,
  client: BaseLanguageClient,
  sendToken: TokenReceiver,
  log: vscode.LogOutputChannel,
): vscode.Disposable {
  let origin = feedOrigin(reader.read().feedUrl);
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (!event.affectsConfiguration(SETTINGS_SECTION)) return;
    const settings = reader.read();
    const nextOrigin = feedOrigin(settings.feedUrl);
    const originChanged = nextOrigin !== origin;
    origin = nextOrigin;
    // Not running yet: the start reads the settings fresh through initializationOptions.
    if (!client.isRunning()) return;
    push(client, settings, originChanged ? token : undefined, sendToken).catch((error: unknown) => {
      log.error('Could not send the changed settings to the Findings Lens server', error);
    });
  });
}

/** Sends the settings; with `token`, the old feed's token is withdrawn first and the new one sent after. */
async function push(
  client: BaseLanguageClient,
  settings: ServerSettings,
  token: FeedToken | undefined,
  sendToken: TokenReceiver,
): Promise<void> {
  if (token) await token.withdrawFrom(sendToken);
  const payload: { settings: DidChangeConfigurationSettings } = { settings: { findingsLens: settings } };
  await client.sendNotification(DidChangeConfigurationNotification.type, payload);
  if (token) await token.sendTo(sendToken);
}
