/** The status bar item: counts and sync state from `findingsLens/status`, drawn by statusView. */
import * as vscode from 'vscode';
import { Commands } from '../shared/commands';
import type { StatusParams } from '../shared/protocol';
import { SETTINGS_SECTION } from './settings';
import { startFailedView, statusView, type StatusClick, type StatusView } from './statusView';

const CLICK_COMMANDS: Record<StatusClick, vscode.Command> = {
  syncNow: { title: 'Sync Now', command: Commands.syncNow },
  setToken: { title: 'Set Feed Token', command: Commands.setToken },
  openSettings: { title: 'Open Settings', command: 'workbench.action.openSettings', arguments: [SETTINGS_SECTION] },
  showOutput: { title: 'Show Output', command: Commands.showOutput },
};

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('findingsLens.status', vscode.StatusBarAlignment.Left, 0);

  constructor() {
    this.item.name = 'Findings Lens';
    this.starting();
    this.item.show();
  }

  update(status: StatusParams): void {
    this.show(statusView(status));
  }

  starting(): void {
    this.show(statusView(undefined));
  }

  /** The server did not start (or stopped for good): say so instead of "starting…" forever. */
  failed(reason: string): void {
    this.show(startFailedView(reason));
  }

  dispose(): void {
    this.item.dispose();
  }

  private show(view: StatusView): void {
    this.item.text = view.text;
    // Untrusted on purpose: the tooltip may quote the feed, so no command links and no HTML.
    const tooltip = new vscode.MarkdownString(view.tooltip);
    tooltip.isTrusted = false;
    tooltip.supportHtml = false;
    this.item.tooltip = tooltip;
    this.item.backgroundColor =
      view.background === undefined ? undefined : new vscode.ThemeColor(`statusBarItem.${view.background}Background`);
    this.item.command = CLICK_COMMANDS[view.click];
  }
}
