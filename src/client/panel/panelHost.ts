/**
 * The triage panel's host and the export, built as their own bundle (dist/panelHost.js) and
 * loaded the first time the panel opens, a panel is restored or an export runs. They parse every
 * webview message (and the export command's argument) with the shared zod unions; zod is most of
 * the client's weight, so keeping it here keeps it off the extension's activation path.
 * Nothing here is less strict for being lazy: the panel exists only after this module is loaded.
 */
import * as vscode from 'vscode';
import type { AcknowledgeReason, TriageAction } from '../../shared/feed';
import { ExportFormat } from '../../shared/webview';
import { exportDecisions } from './exportDecisions';
import type { FindingsSource } from '../findingsSource';
import { restoredState } from './hostMessages';
import { errorText, type PanelServer } from './serverCalls';
import { TriagePanel } from './triagePanel';

/** What the host needs from the activation bundle (all of it made there). */
export interface PanelHostDeps {
  extensionUri: vscode.Uri;
  server: PanelServer;
  source: FindingsSource;
  log: vscode.LogOutputChannel;
  extensionVersion: string;
  /** The extension's globalState (the export's last folder). */
  memento: vscode.Memento;
}

/** The panel and the export, as the activation bundle drives them. */
export interface PanelHost extends vscode.Disposable {
  show(findingId?: string): void;
  decide(findingId: string, action: TriageAction, reason?: AcknowledgeReason): void;
  /** Takes over a panel VS Code restored after a reload; `state` is the webview's saved state, unchecked. */
  revive(panel: vscode.WebviewPanel, state: unknown): void;
  /** Runs the export; `format` is the command's argument, unchecked (anything but a format asks the user). */
  exportDecisions(format?: unknown): Promise<void>;
}

export function createPanelHost(deps: PanelHostDeps): PanelHost {
  const runExport = (format?: ExportFormat): Promise<void> =>
    exportDecisions(
      { server: deps.server, source: deps.source, log: deps.log, extensionVersion: deps.extensionVersion, memento: deps.memento },
      format,
    ).catch((error: unknown) => {
      deps.log.error(`Export failed: ${errorText(error)}`);
      void vscode.window.showErrorMessage(`Findings Lens: the export failed (${errorText(error)}). Nothing was written.`);
    });
  const panel = new TriagePanel({
    extensionUri: deps.extensionUri,
    server: deps.server,
    source: deps.source,
    log: deps.log,
    exportDecisions: runExport,
  });
  return {
    show: (findingId) => panel.show(findingId),
    decide: (findingId, action, reason) => panel.decide(findingId, action, reason),
    revive: (webviewPanel, state) => panel.revive(webviewPanel, restoredState(state)),
    exportDecisions: (format) => runExport(ExportFormat.safeParse(format).data),
    dispose: () => panel.dispose(),
  };
}
