/**
 * The export command: the decisions (the project's, for a lead; the known findings' latest ones
 * otherwise) written as CSV, OpenVEX or SARIF to a file the user picks. The file goes outside the
 * workspace by default (the folder used last, else the home folder), so an export is never
 * committed by accident, and the message that says where it went opens it.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import * as vscode from 'vscode';
import type { Finding } from '../../shared/feed';
import type { ExportFormat } from '../../shared/webview';
import { toCsv } from './export/csv';
import { fromFindingList, fromReviewList, withFindings, type ExportDecision } from './export/decisions';
import { isPackageUrl, projectPackageUrl, toOpenVex } from './export/openvex';
import { toSarif } from './export/sarif';
import type { FindingsSource } from '../findingsSource';
import { errorText, whoAmI, type PanelServer } from './serverCalls';

const FILES: Record<ExportFormat, { name: string; filter: Record<string, string[]> }> = {
  csv: { name: 'findings-decisions.csv', filter: { CSV: ['csv'] } },
  openvex: { name: 'findings-decisions.openvex.json', filter: { 'OpenVEX JSON': ['json'] } },
  sarif: { name: 'findings-decisions.sarif', filter: { SARIF: ['sarif', 'json'] } },
};

/** Where the last export went (globalState), to start there next time. */
const LAST_FOLDER_KEY = 'findingsLens.export.lastFolder';
/** Findings read at once to complete the decisions (CWEs, comments). */
const DETAIL_READS = 8;

export interface ExportDeps {
  server: PanelServer;
  source: FindingsSource;
  log: vscode.LogOutputChannel;
  extensionVersion: string;
  /** Keeps the folder of the last export (the extension's globalState). */
  memento: vscode.Memento;
}

/** What render needs besides the decisions. */
export interface RenderContext {
  author: string;
  version: string;
  /** The OpenVEX product (a package URL). */
  productId: string;
  /** The project folder as a `file:` URI, for SARIF's `%SRCROOT%`. */
  srcRoot?: string;
}

export async function exportDecisions(deps: ExportDeps, format?: ExportFormat): Promise<void> {
  const chosen = format ?? (await pickFormat());
  if (!chosen) return;
  const productId = exportProduct();
  if (productId === undefined) return;
  const me = await whoAmI(deps.server);
  const decisions = await collect(deps, me?.role === 'lead');
  if (decisions.length === 0) {
    void vscode.window.showInformationMessage('Findings Lens: there are no decisions to export yet.');
    return;
  }
  const target = await vscode.window.showSaveDialog({
    defaultUri: defaultUri(deps.memento, FILES[chosen].name),
    filters: FILES[chosen].filter,
    title: 'Export Findings Lens decisions',
  });
  if (!target) return;
  const text = render(chosen, decisions, {
    author: me?.user.name ?? 'Findings Lens user',
    version: deps.extensionVersion,
    productId,
    srcRoot: vscode.workspace.workspaceFolders?.[0]?.uri.toString(),
  });
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  await deps.memento.update(LAST_FOLDER_KEY, vscode.Uri.joinPath(target, '..').toString());
  void offerOpen(target, `Findings Lens: ${decisions.length} decision${decisions.length === 1 ? '' : 's'} exported to ${target.fsPath}.`);
}

async function offerOpen(target: vscode.Uri, message: string): Promise<void> {
  if ((await vscode.window.showInformationMessage(message, 'Open')) === 'Open') await vscode.window.showTextDocument(target);
}

async function collect(deps: ExportDeps, lead: boolean): Promise<ExportDecision[]> {
  let decisions: ExportDecision[] | undefined;
  if (lead && deps.server.isRunning()) {
    try {
      decisions = fromReviewList((await deps.server.listTriage({ state: 'all' })).decisions);
    } catch (error) {
      deps.log.warn(`Export: the project's decisions could not be listed (${errorText(error)}); exporting the known findings' decisions.`);
    }
  }
  // Nothing may show the list (it is fetched only while shown): ask for it when it is stale.
  decisions ??= fromFindingList(await deps.source.current());
  return withFindings(decisions, await findingsOf(deps, decisions));
}

/** The whole findings the decisions are about, read a few at a time; one that cannot be read is left out (and logged). */
async function findingsOf(deps: ExportDeps, decisions: readonly ExportDecision[]): Promise<Map<string, Finding>> {
  const ids = [...new Set(decisions.map((d) => d.findingId))];
  const found = new Map<string, Finding>();
  for (let i = 0; i < ids.length; i += DETAIL_READS) {
    await Promise.all(
      ids.slice(i, i + DETAIL_READS).map(async (id) => {
        try {
          const details = await deps.server.getFinding(id);
          if (details) found.set(id, details.finding);
        } catch (error) {
          deps.log.warn(`Export: finding ${id} could not be read (${errorText(error)}); exported without its CWEs.`);
        }
      }),
    );
  }
  return found;
}

export function render(format: ExportFormat, decisions: readonly ExportDecision[], ctx: RenderContext): string {
  switch (format) {
    case 'csv':
      return toCsv(decisions);
    case 'openvex':
      return (
        JSON.stringify(
          toOpenVex(decisions, {
            id: `urn:uuid:${randomUUID()}`,
            author: ctx.author,
            timestamp: new Date().toISOString(),
            productId: ctx.productId,
          }),
          null,
          2,
        ) + '\n'
      );
    case 'sarif':
      return JSON.stringify(toSarif(decisions, { toolVersion: ctx.version, srcRoot: ctx.srcRoot }), null, 2) + '\n';
  }
}

/**
 * The OpenVEX product: `findingsLens.export.product` (a package URL), else `pkg:generic/<project>`.
 * A value that is not a package URL is named, and nothing is exported.
 */
function exportProduct(): string | undefined {
  const config = vscode.workspace.getConfiguration('findingsLens');
  const product = (config.get<string>('export.product') ?? '').trim();
  if (product === '') return projectPackageUrl(config.get<string>('feed.project') ?? '');
  if (isPackageUrl(product)) return product;
  void settingProblem(
    `Findings Lens: findingsLens.export.product must be a package URL such as pkg:generic/payments-api, not "${product}". Nothing was exported; fix the setting (or empty it to use the project) and export again.`,
  );
  return undefined;
}

async function settingProblem(message: string): Promise<void> {
  if ((await vscode.window.showErrorMessage(message, 'Open Settings')) === 'Open Settings')
    await vscode.commands.executeCommand('workbench.action.openSettings', 'findingsLens.export.product');
}

async function pickFormat(): Promise<ExportFormat | undefined> {
  const items: (vscode.QuickPickItem & { format: ExportFormat })[] = [
    { label: 'CSV', detail: 'One row per decision, for spreadsheets.', format: 'csv' },
    {
      label: 'OpenVEX',
      detail: 'VEX statements: approved disputes not_affected, pending ones under_investigation, acknowledged affected.',
      format: 'openvex',
    },
    {
      label: 'SARIF 2.1.0',
      detail: 'Results; disputes and accepted risks as external suppressions (accepted / underReview / rejected).',
      format: 'sarif',
    },
  ];
  return (await vscode.window.showQuickPick(items, { title: 'Export decisions as…' }))?.format;
}

/** The last export's folder, else the home folder: never the workspace, where the file would be committed. */
function defaultUri(memento: vscode.Memento, name: string): vscode.Uri {
  const last = memento.get<string>(LAST_FOLDER_KEY);
  const folder = last ? vscode.Uri.parse(last) : vscode.Uri.file(os.homedir());
  return vscode.Uri.joinPath(folder, name);
}
