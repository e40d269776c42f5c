/**
 * The `initialize` handshake: what the editor says about itself (its folders, whether it takes
 * code lens refreshes and folder changes), our initialization options (settings and the storage
 * folder), and the capabilities the server answers with.
 */
import { TextDocumentSyncKind, type InitializeParams, type InitializeResult } from 'vscode-languageserver';
import { parseSettings, type ServerSettings } from '../../shared/settings';
import { foldersFromInitialize, type WorkspaceFolderRef } from '../workspace/paths';

/** What the server takes from `initialize`. */
export interface Initialization {
  folders: WorkspaceFolderRef[];
  /** The editor takes `workspace/codeLens/refresh`. */
  lensRefresh: boolean;
  /** The editor announces folders added and removed. */
  folderChanges: boolean;
  /** Where the cache, the outbox and the texts' scratch file live; undefined: no cache, no outbox. */
  storagePath: string | undefined;
  /** The settings, or what is wrong with them (reported once the client listens; the defaults are used). */
  settings: { ok: true; settings: ServerSettings } | { ok: false; problems: string[] };
}

export function readInitialize(params: InitializeParams): Initialization {
  const raw = params.initializationOptions as { settings?: unknown; storagePath?: unknown } | undefined;
  return {
    folders: foldersFromInitialize(params),
    lensRefresh: params.capabilities.workspace?.codeLens?.refreshSupport === true,
    folderChanges: params.capabilities.workspace?.workspaceFolders === true,
    storagePath: typeof raw?.storagePath === 'string' ? raw.storagePath : undefined,
    settings: parseSettings(raw?.settings),
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
