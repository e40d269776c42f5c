/**
 * The triage UI in one call: the panel (with its serializer, so it survives a reload), the
 * Findings tree, the quick fixes and the export command. extension.ts calls registerTriageUi once
 * and routes the acknowledge / dispute / showDetails commands to what it returns.
 *
 * Everything here is registered at activation and is zod-free; the panel host and the export
 * (which parse with zod) are loaded from their own bundle the first time one of them is used.
 */
import * as vscode from 'vscode';
import type { AcknowledgeReason, TriageAction } from '../../shared/feed';
import type { SetupContext } from '../setupContext';
import { FINDINGS_VIEW_ID, FindingsTree } from '../tree/findingsTree';
import { FindingCodeActions } from './codeActions';
import type { FindingsSource } from '../findingsSource';
import { loadPanelHost } from './loadPanelHost';
import type { PanelHost } from './panelHost';
import type { PanelServer } from './panelServer';
import { TRIAGE_VIEW_TYPE } from './viewType';

/** The commands this module registers (declared in package.json `contributes.commands`). */
export const TriageUiCommands = {
  openPanel: 'findingsLens.openTriagePanel',
  exportDecisions: 'findingsLens.exportDecisions',
  groupBy: 'findingsLens.findings.groupBy',
  filter: 'findingsLens.findings.filter',
  clearFilter: 'findingsLens.findings.clearFilter',
  /** A row's inline action and context menu: the triage panel on that finding. */
  showInPanel: 'findingsLens.findings.showInPanel',
  /** A row's context menu: the decision form on that finding. */
  acknowledgeFromTree: 'findingsLens.findings.acknowledge',
  disputeFromTree: 'findingsLens.findings.dispute',
} as const;

export interface TriageUi {
  /** Opens the triage panel on a finding (code lens, hover, tree, quick fix). */
  showDetails(findingId: string): void;
  /** Opens the panel with the Acknowledge or Dispute form on a finding (`reason` pre-selected when the user chose it already). */
  decide(findingId: string, action: TriageAction, reason?: AcknowledgeReason): void;
  /** Shows only these findings in the Findings view (what a sync brought), `what` saying which. */
  showFindings(ids: readonly string[], what: string): Promise<void>;
}

export function registerTriageUi(
  context: vscode.ExtensionContext,
  source: FindingsSource,
  server: PanelServer,
  log: vscode.LogOutputChannel,
  setup: SetupContext,
): TriageUi {
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '0.0.0');
  let host: PanelHost | undefined;
  const panelHost = (): PanelHost =>
    (host ??= loadPanelHost().createPanelHost({
      extensionUri: context.extensionUri,
      server,
      source,
      log,
      extensionVersion: version,
      memento: context.globalState,
    }));
  const tree = new FindingsTree(source, context.workspaceState, setup);
  const onRow = (run: (id: string) => void) => (arg: unknown) => {
    const item = FindingsTree.findingOf(arg);
    if (item) run(item.id);
  };

  context.subscriptions.push(
    { dispose: () => host?.dispose() },
    tree,
    vscode.window.registerWebviewPanelSerializer(TRIAGE_VIEW_TYPE, {
      async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: unknown) {
        panelHost().revive(webviewPanel, state);
      },
    }),
    vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, new FindingCodeActions(), {
      providedCodeActionKinds: FindingCodeActions.kinds,
    }),
    vscode.commands.registerCommand(TriageUiCommands.openPanel, () => panelHost().show()),
    vscode.commands.registerCommand(TriageUiCommands.exportDecisions, (format?: unknown) => panelHost().exportDecisions(format)),
    vscode.commands.registerCommand(TriageUiCommands.groupBy, () => tree.pickGroupBy()),
    vscode.commands.registerCommand(TriageUiCommands.filter, () => tree.askFilter()),
    vscode.commands.registerCommand(TriageUiCommands.clearFilter, () => tree.clearFilter()),
    vscode.commands.registerCommand(
      TriageUiCommands.showInPanel,
      onRow((id) => panelHost().show(id)),
    ),
    vscode.commands.registerCommand(
      TriageUiCommands.acknowledgeFromTree,
      onRow((id) => panelHost().decide(id, 'acknowledge')),
    ),
    vscode.commands.registerCommand(
      TriageUiCommands.disputeFromTree,
      onRow((id) => panelHost().decide(id, 'dispute')),
    ),
  );

  return {
    showDetails: (findingId) => panelHost().show(findingId),
    decide: (findingId, action, reason) => panelHost().decide(findingId, action, reason),
    showFindings: async (ids, what) => {
      tree.showOnly(ids, what);
      await vscode.commands.executeCommand(`${FINDINGS_VIEW_ID}.focus`);
    },
  };
}
