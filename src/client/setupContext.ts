/** Keeps the `findingsLens.setup` context key (setupState.ts) current: at activation, on every status and settings change. */
import * as vscode from 'vscode';
import type { SyncState } from '../shared/protocol';
import type { SettingsReader } from './configuration';
import { SETTINGS_SECTION } from './settings';
import { SETUP_CONTEXT_KEY, setupState, type SetupState } from './setupState';

export class SetupContext implements vscode.Disposable {
  private state: SyncState | undefined;
  private shown: SetupState | undefined;
  private readonly changed = new vscode.EventEmitter<SetupState>();
  private readonly subscription: vscode.Disposable;
  /** Fires when what is missing changed (the Findings view says it in its message too). */
  readonly onDidChange = this.changed.event;

  constructor(private readonly reader: SettingsReader) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SETTINGS_SECTION)) this.refresh();
    });
    this.refresh();
  }

  get current(): SetupState {
    return this.shown ?? 'ready';
  }

  /** The server's status changed. */
  setState(state: SyncState): void {
    this.state = state;
    this.refresh();
  }

  private refresh(): void {
    const next = setupState(this.reader.read(), this.state);
    if (next === this.shown) return;
    this.shown = next;
    void vscode.commands.executeCommand('setContext', SETUP_CONTEXT_KEY, next);
    this.changed.fire(next);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
