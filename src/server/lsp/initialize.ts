/**
 * The `initialize` handshake: what the editor says about itself (its folders, whether it takes
 * code lens refreshes and folder changes), our initialization options (settings and the storage
 * folder), and the capabilities the server answers with.
 */
import { TextDocumentSyncKind, type InitializeParams, type InitializeResult } from 'vscode-languageserver';
import type { ExperimentalCapabilities } from '../../shared/protocol';
import { parseInitializationOptions, type ServerSettings } from '../../shared/settings';
import { SUGGESTED_FIX_KIND } from '../../shared/commands';
import type { FixEditor } from '../views/codeActions';
import { foldersFromInitialize, type WorkspaceFolderRef } from '../workspace/paths';

/** What the server takes from `initialize`. */
export interface Initialization {
  folders: WorkspaceFolderRef[];
  /** The editor takes `workspace/codeLens/refresh`. */
  lensRefresh: boolean;
  /** The editor announces folders added and removed. */
  folderChanges: boolean;
  /** The editor takes a file watcher registered by the server (`workspace/didChangeWatchedFiles`, dynamic registration). */
  fileWatching: boolean;
  /** What the editor can do with the suggested fixes' code actions. */
  fixEditor: FixEditor;
  /** The editor takes diagnostics in batches (`findingsLens/diagnostics`), else one file per publishDiagnostics. */
  diagnosticBatches: boolean;
  /** Where the cache, the outbox and the texts' scratch file live; undefined: no cache, no outbox. */
  storagePath: string | undefined;
  /** The settings (the defaults where they were bad). */
  settings: ServerSettings;
  /** What was wrong with the initialization options, each naming its part (reported once the client listens). */
  problems: string[];
}

/** What `initialize` says, its initialization options parsed (src/shared/settings.ts): a bad part is named, not fatal. */
export function readInitialize(params: InitializeParams): Initialization {
  const options = parseInitializationOptions(params.initializationOptions);
  return {
    folders: foldersFromInitialize(params),
    lensRefresh: params.capabilities.workspace?.codeLens?.refreshSupport === true,
    folderChanges: params.capabilities.workspace?.workspaceFolders === true,
    fileWatching: params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    fixEditor: fixEditorOf(params.capabilities),
    diagnosticBatches: (params.capabilities.experimental as ExperimentalCapabilities | undefined)?.findingsLens?.diagnosticBatches === true,
    storagePath: options.storagePath,
    settings: options.settings,
    problems: options.problems,
  };
}

/**
 * A fix is previewed before it applies only in an editor that takes change annotations (VS Code
 * shows its refactor preview for `needsConfirmation`), on document changes (they carry them).
 */
export function fixEditorOf(capabilities: InitializeParams['capabilities']): FixEditor {
  const edits = capabilities.workspace?.workspaceEdit;
  return {
    confirmsEdits: edits?.documentChanges === true && edits.changeAnnotationSupport !== undefined,
    disabledActions: capabilities.textDocument?.codeAction?.disabledSupport === true,
  };
}

export const INITIALIZE_RESULT: InitializeResult = {
  capabilities: {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
    codeLensProvider: { resolveProvider: false },
    hoverProvider: true,
    codeActionProvider: { codeActionKinds: [SUGGESTED_FIX_KIND] },
    workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
  },
  serverInfo: { name: 'Findings Lens' },
};
