/**
 * The feed token: the only module that reads, writes or sends it. It lives in the editor's
 * SecretStorage under `findingsLens.feedToken:<feed origin>` and is handed to the language server
 * with `findingsLens/setToken`; the client never sends it anywhere else and never logs it.
 */
import * as vscode from 'vscode';
import type { Redactor } from './redact';
import { feedOrigin, tokenSecretKey, validateTokenInput } from './tokenRules';

/**
 * How the token reaches the server: the `findingsLens/setToken` notification, sent by the language
 * client (connection.ts). A function, so this file needs no language client at activation.
 */
export type TokenReceiver = (token: string | null) => Promise<void>;

export class FeedToken implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscription: vscode.Disposable;
  /** A read started before the server ran (prefetch), for the first hand-over; dropped when the token changes. */
  private early: { key: string | undefined; value: Promise<string | null> } | undefined;

  /** Fires when the token of the feed now configured was stored or deleted (in any window). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly redactor: Redactor,
    private readonly feedUrl: () => string,
  ) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key === tokenSecretKey(this.feedUrl())) this.tokenChanged();
    });
  }

  /**
   * Starts reading the token while the server starts: the secret store answers through the
   * editor's window, which is busiest just then, and the server waits for the token to sync.
   */
  prefetch(): void {
    this.early = { key: tokenSecretKey(this.feedUrl()), value: this.read() };
  }

  /** Sends the current feed's token, or null when there is none, to the server. */
  async sendTo(server: TokenReceiver): Promise<void> {
    const early = this.early?.key === tokenSecretKey(this.feedUrl()) ? this.early?.value : undefined;
    this.early = undefined;
    await server(await (early ?? this.read()));
  }

  /** Tells the server to forget the token, e.g. before the feed URL changes origin. */
  async withdrawFrom(server: TokenReceiver): Promise<void> {
    await server(null);
  }

  /** The "Set Feed Token" command: ask for it (hidden), store it; an empty value offers to clear it. */
  async promptAndStore(): Promise<void> {
    const target = this.target();
    if (target === undefined) return this.askForFeedUrl();
    const value = await vscode.window.showInputBox({
      title: 'Findings Lens: Set Feed Token',
      prompt: `The token for ${target.origin}. It is kept in the editor's secret storage and sent only to that feed. Leave empty to clear it.`,
      placeHolder: 'Paste the token',
      password: true,
      ignoreFocusOut: true,
      validateInput: (input) => validateTokenInput(input),
    });
    if (value === undefined) return;
    const token = value.trim();
    if (token === '') return this.confirmAndClear(target);
    this.redactor.remember(token);
    await this.secrets.store(target.key, token);
    // The secret store's change event reaches other windows; this one is told at once, without it
    // (code-server's browser-held secrets did not always fire it, and the server kept the old token).
    this.tokenChanged();
    void vscode.window.showInformationMessage(`Findings Lens: token saved for ${target.origin}.`);
  }

  /** The "Clear Feed Token" command. */
  async clear(): Promise<void> {
    const target = this.target();
    if (target === undefined) return this.askForFeedUrl();
    if ((await this.secrets.get(target.key)) === undefined) {
      void vscode.window.showInformationMessage(`Findings Lens: no token is stored for ${target.origin}.`);
      return;
    }
    await this.secrets.delete(target.key);
    this.tokenChanged();
    void vscode.window.showInformationMessage(
      `Findings Lens: token for ${target.origin} cleared. Findings already shown are kept until the next sync.`,
    );
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private tokenChanged(): void {
    this.early = undefined;
    this.changed.fire();
  }

  private async read(): Promise<string | null> {
    const key = tokenSecretKey(this.feedUrl());
    const token = key === undefined ? undefined : await this.secrets.get(key);
    this.redactor.remember(token);
    return token ?? null;
  }

  private target(): { key: string; origin: string } | undefined {
    const url = this.feedUrl();
    const key = tokenSecretKey(url);
    const origin = feedOrigin(url);
    return key === undefined || origin === undefined ? undefined : { key, origin };
  }

  private async confirmAndClear(target: { key: string; origin: string }): Promise<void> {
    const clear = 'Clear Token';
    const answer = await vscode.window.showWarningMessage(
      `Clear the Findings Lens token stored for ${target.origin}?`,
      { modal: true, detail: 'Syncing stops until a new token is set.' },
      clear,
    );
    if (answer === clear) await this.clear();
  }

  private async askForFeedUrl(): Promise<void> {
    const open = 'Open Settings';
    const answer = await vscode.window.showWarningMessage(
      'Findings Lens: set the feed URL (findingsLens.feed.url, in your user settings) first. A token is kept for one feed and sent only there.',
      open,
    );
    if (answer === open) await vscode.commands.executeCommand('workbench.action.openSettings', 'findingsLens.feed.url');
  }
}
