/**
 * The open files' last diagnostics on disk for the editor's next start (views/lastShown.ts), kept
 * current: written again once the open files, their text or their diagnostics rest after a change.
 */
import * as path from 'node:path';
import type { Diagnostic, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { lastShownFileName } from '../../shared/lastShown';
import type { ServerSettings } from '../../shared/settings';
import { sha256Hex } from '../storage/cache';
import { LastShownWriter } from '../views/lastShown';

export interface LastShownState {
  /** The storage folder from `initialize`; undefined: nothing is kept. */
  storagePath(): string | undefined;
  settings(): ServerSettings;
  diagnostics(uri: string): Diagnostic[];
  log(level: 'warn', message: string): void;
}

/** The writer, told of every open, close and edit; the caller tells it when open files were published. */
export function keepLastShown(documents: TextDocuments<TextDocument>, state: LastShownState): LastShownWriter {
  const writer = new LastShownWriter({
    target: () => {
      const storage = state.storagePath();
      const { feedUrl, project } = state.settings();
      if (!storage || !feedUrl || !project) return undefined;
      return { file: path.join(storage, lastShownFileName(sha256Hex, feedUrl, project)), feedUrl, project };
    },
    openFiles: () => documents.all().map((d) => ({ uri: d.uri, text: d.getText() })),
    diagnostics: state.diagnostics,
    hash: sha256Hex,
    log: state.log,
  });
  for (const event of [documents.onDidOpen, documents.onDidClose, documents.onDidChangeContent]) event(() => writer.changed());
  return writer;
}
