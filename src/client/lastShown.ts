/**
 * The open files' last diagnostics, shown at activation while the server starts (the file's shape
 * and why: src/shared/lastShown.ts). Only for a file whose text hashes as it did when they were
 * drawn, so each is on the line it was on. They make way for the server's own: a file's when the
 * server sets that file's, or when the file is edited; all of them once the server's first sync has
 * ended (what is left is of files the feed no longer flags), when it says no sync will come (no
 * feed, no token), or when the feed or project is another one. Not at its first `findingsChanged`:
 * that comes also when it learns who the token is, before it has shown anything.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { lastShownFileName, parseLastShown, type ShownDiagnostic, type ShownFile } from '../shared/lastShown';
import type { ServerSettings } from '../shared/settings';

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

/** More than the writer's limits could make (2,000 diagnostics of a few hundred bytes): not read. */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

export class LastShownDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('findingsLens.lastShown');
  /** The files kept, by URI, until the server's own diagnostics replace them. */
  private readonly files = new Map<string, ShownFile>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private over = false;

  /** What was kept for the configured feed and project in `storage` (a folder on this machine), shown for the open files now. */
  constructor(storage: vscode.Uri, settings: ServerSettings, log: vscode.LogOutputChannel) {
    if (storage.scheme !== 'file' || !settings.feedUrl || !settings.project) return;
    const file = path.join(storage.fsPath, lastShownFileName(sha256Hex, settings.feedUrl, settings.project));
    try {
      this.load(file, settings.feedUrl, settings.project, log);
    } catch (error) {
      // Only ever a head start: whatever goes wrong, the server shows the findings once it runs.
      this.end();
      log.warn(`The open files' diagnostics kept from the last start could not be shown: ${String(error)}`);
    }
  }

  private load(file: string, feedUrl: string, project: string, log: vscode.LogOutputChannel): void {
    let text: string;
    try {
      // Synchronous and small (the writer keeps at most 2,000 diagnostics): shown in the turn that activates the extension.
      if (statSync(file).size > MAX_FILE_BYTES) throw new Error(`over ${MAX_FILE_BYTES} bytes`);
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // None kept yet: a first start, or nothing was open.
      throw error;
    }
    const parsed = parseLastShown(text, feedUrl, project);
    if (!Array.isArray(parsed)) {
      log.info(
        `The open files' diagnostics kept from the last start are not used (${parsed.problem}); the server shows them once it runs.`,
      );
      return;
    }
    for (const shown of parsed) this.files.set(vscode.Uri.parse(shown.uri).toString(), shown);
    const shownNow = vscode.workspace.textDocuments.reduce((n, document) => n + this.show(document), 0);
    if (shownNow > 0) log.info(`showing ${shownNow} diagnostic(s) kept from the last start until the server shows its own`);
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((document) => {
        try {
          this.show(document);
        } catch (error) {
          log.warn(`A kept diagnostic could not be shown: ${String(error)}`);
        }
      }),
      vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length > 0 && this.drop([e.document.uri])),
    );
  }

  /** The server set these files' diagnostics: its own replace what was kept. */
  drop(uris: Iterable<vscode.Uri>): void {
    if (this.files.size === 0) return;
    for (const uri of uris) {
      if (!this.files.delete(uri.toString())) continue;
      this.collection.delete(uri);
    }
  }

  /** The server shows its own now (or the feed changed): nothing kept is shown any more. */
  end(): void {
    if (this.over) return;
    this.over = true;
    this.files.clear();
    this.collection.clear();
    for (const s of this.subscriptions.splice(0)) s.dispose();
  }

  dispose(): void {
    this.end();
    this.collection.dispose();
  }

  /** Shows what was kept for `document` when its text is the same; returns how many diagnostics. */
  private show(document: vscode.TextDocument): number {
    const shown = this.files.get(document.uri.toString());
    if (!shown || this.collection.has(document.uri)) return 0;
    if (sha256Hex(document.getText()) !== shown.textHash) {
      this.files.delete(document.uri.toString());
      return 0;
    }
    this.collection.set(document.uri, shown.diagnostics.map(toDiagnostic));
    return shown.diagnostics.length;
  }
}

/** The LSP diagnostic as VS Code's, with its `data` kept where the hover links and the code actions read it. */
export function toDiagnostic(d: ShownDiagnostic): vscode.Diagnostic {
  const range = new vscode.Range(d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character);
  // LSP counts severities from 1 (Error), VS Code from 0.
  const diagnostic = new vscode.Diagnostic(range, d.message, d.severity === undefined ? vscode.DiagnosticSeverity.Error : d.severity - 1);
  if (d.source !== undefined) diagnostic.source = d.source;
  if (d.code !== undefined)
    diagnostic.code = d.codeDescription ? { value: d.code, target: vscode.Uri.parse(d.codeDescription.href, true) } : d.code;
  // LSP's and VS Code's tags have the same numbers (1 unnecessary, 2 deprecated).
  if (d.tags) diagnostic.tags = d.tags as vscode.DiagnosticTag[];
  (diagnostic as vscode.Diagnostic & { data?: unknown }).data = d.data;
  return diagnostic;
}
