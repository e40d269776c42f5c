/**
 * The `initialize` handshake: what the editor says about itself (its folders, whether it takes
 * code lens refreshes and folder changes), our initialization options (settings and the storage
 * folder), and the capabilities the server answers with.
 */
import { TextDocumentSyncKind, type InitializeParams, type InitializeResult } from 'vscode-languageserver';
import { parseInitializationOptions, type ServerSettings } from '../../shared/settings';
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
    storagePath: options.storagePath,
    settings: options.settings,
    problems: options.problems,
  };
}

export const INITIALIZE_RESULT: InitializeResult = {
  capabilities: {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
    codeLensProvider: { resolveProvider: false },
    hoverProvider: true,
    workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
  },
  serverInfo: { name: 'Findings Lens' },
};
