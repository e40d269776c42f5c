/**
 * The export command: the decisions (the project's, for a lead; the known findings' latest ones
 * otherwise) written as CSV, OpenVEX or SARIF to a file the user picks.
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { ExportFormat } from '../../shared/webview';
import { toCsv } from './export/csv';
import { fromFindingList, fromReviewList, type ExportDecision } from './export/decisions';
import { toOpenVex } from './export/openvex';
import { toSarif } from './export/sarif';
import type { FindingsSource } from '../findingsSource';
import { errorText, whoAmI, type PanelServer } from './serverCalls';

const FILES: Record<ExportFormat, { name: string; filter: Record<string, string[]> }> = {
  csv: { name: 'findings-decisions.csv', filter: { CSV: ['csv'] } },
  openvex: { name: 'findings-decisions.openvex.json', filter: { 'OpenVEX JSON': ['json'] } },
  sarif: { name: 'findings-decisions.sarif', filter: { SARIF: ['sarif', 'json'] } },
};

export interface ExportDeps {
  server: PanelServer;
  source: FindingsSource;
  log: vscode.LogOutputChannel;
  extensionVersion: string;
}

export async function exportDecisions(deps: ExportDeps, format?: ExportFormat): Promise<void> {
  const chosen = format ?? (await pickFormat());
  if (!chosen) return;
  const me = await whoAmI(deps.server);
  const decisions = await collect(deps, me?.role === 'lead');
  if (decisions.length === 0) {
    void vscode.window.showInformationMessage('Findings Lens: there are no decisions to export yet.');
    return;
  }
  const target = await vscode.window.showSaveDialog({
    defaultUri: defaultUri(FILES[chosen].name),
    filters: FILES[chosen].filter,
    title: 'Export Findings Lens decisions',
  });
  if (!target) return;
  const text = render(chosen, decisions, { author: me?.user.name ?? 'Findings Lens user', version: deps.extensionVersion });
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  void vscode.window.showInformationMessage(
    `Findings Lens: ${decisions.length} decisions exported to ${vscode.workspace.asRelativePath(target)}.`,
  );
}

async function collect(deps: ExportDeps, lead: boolean): Promise<ExportDecision[]> {
  if (lead && deps.server.isRunning()) {
    try {
      return fromReviewList((await deps.server.listTriage({ state: 'all' })).decisions);
    } catch (error) {
      deps.log.warn(`Export: the project's decisions could not be listed (${errorText(error)}); exporting the known findings' decisions.`);
    }
  }
  // Nothing may show the list (it is fetched only while shown): ask for it when it is stale.
  return fromFindingList(await deps.source.current());
}

export function render(format: ExportFormat, decisions: readonly ExportDecision[], who: { author: string; version: string }): string {
  switch (format) {
    case 'csv':
      return toCsv(decisions);
    case 'openvex': {
      const project = vscode.workspace.getConfiguration('findingsLens').get<string>('project') || 'project';
      return (
        JSON.stringify(
          toOpenVex(decisions, {
            id: `urn:uuid:${randomUUID()}`,
            author: who.author,
            timestamp: new Date().toISOString(),
            productId: `pkg:generic/${encodeURIComponent(project)}`,
          }),
          null,
          2,
        ) + '\n'
      );
    }
    case 'sarif':
      return JSON.stringify(toSarif(decisions, who.version), null, 2) + '\n';
  }
}

async function pickFormat(): Promise<ExportFormat | undefined> {
  const items: (vscode.QuickPickItem & { format: ExportFormat })[] = [
    { label: 'CSV', detail: 'One row per decision, for spreadsheets.', format: 'csv' },
    { label: 'OpenVEX', detail: 'VEX statements (affected / not_affected with a justification).', format: 'openvex' },
    { label: 'SARIF 2.1.0', detail: 'Results with external suppressions (accepted / underReview / rejected).', format: 'sarif' },
  ];
  return (await vscode.window.showQuickPick(items, { title: 'Export decisions as…' }))?.format;
}

function defaultUri(name: string): vscode.Uri | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? vscode.Uri.joinPath(folder.uri, name) : undefined;
}
