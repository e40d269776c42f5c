/**
 * The triage UI in one call: the panel (with its serializer, so it survives a reload), the
 * Findings tree, the quick fixes and the export command. extension.ts calls registerTriageUi once
 * and routes the acknowledge / dispute / showDetails commands to what it returns.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { TriageAction } from '../../shared/feed';
import { ExportFormat } from '../../shared/webview';
import { FindingsTree } from '../tree/findingsTree';
import { FindingCodeActions } from './codeActions';
import { exportDecisions } from './exportDecisions';
import { FindingsSource } from './findingsSource';
import { errorText } from './serverCalls';
import { restoredState } from './hostMessages';
import { TRIAGE_VIEW_TYPE, TriagePanel } from './triagePanel';

/** The commands this module registers (declared in package.json `contributes.commands`). */
export const TriageUiCommands = {
  openPanel: 'findingsLens.openTriagePanel',
  exportDecisions: 'findingsLens.exportDecisions',
  groupBy: 'findingsLens.findings.groupBy',
  filter: 'findingsLens.findings.filter',
  clearFilter: 'findingsLens.findings.clearFilter',
} as const;

export interface TriageUi {
  /** Opens the triage panel on a finding (code lens, hover, tree, quick fix). */
  showDetails(findingId: string): void;
  /** Opens the panel with the Acknowledge or Dispute form on a finding. */
  decide(findingId: string, action: TriageAction): void;
}

export function registerTriageUi(context: vscode.ExtensionContext, client: LanguageClient, log: vscode.LogOutputChannel): TriageUi {
  const source = new FindingsSource(client, log);
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '0.0.0');
  const runExport = (format?: ExportFormat): Promise<void> =>
    exportDecisions({ client, source, log, extensionVersion: version }, format).catch((error: unknown) => {
      log.error(`Export failed: ${errorText(error)}`);
      void vscode.window.showErrorMessage(`Findings Lens: the export failed (${errorText(error)}). Nothing was written.`);
    });
  const panel = new TriagePanel({ extensionUri: context.extensionUri, client, source, log, exportDecisions: runExport });
  const tree = new FindingsTree(source, context.workspaceState);

  context.subscriptions.push(
    source,
    panel,
    tree,
    vscode.window.registerWebviewPanelSerializer(TRIAGE_VIEW_TYPE, {
      async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: unknown) {
        panel.revive(webviewPanel, restoredState(state));
      },
    }),
    vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, new FindingCodeActions(source), { providedCodeActionKinds: FindingCodeActions.kinds }),
    vscode.commands.registerCommand(TriageUiCommands.openPanel, () => panel.show()),
    vscode.commands.registerCommand(TriageUiCommands.exportDecisions, (format?: unknown) => runExport(ExportFormat.safeParse(format).data)),
    vscode.commands.registerCommand(TriageUiCommands.groupBy, () => tree.pickGroupBy()),
    vscode.commands.registerCommand(TriageUiCommands.filter, () => tree.askFilter()),
    vscode.commands.registerCommand(TriageUiCommands.clearFilter, () => tree.setFilter({ severities: [], statuses: [], file: '', rule: '', text: '' })),
  );

  return {
    showDetails: (findingId) => panel.show(findingId),
    decide: (findingId, action) => panel.decide(findingId, action),
  };
}
