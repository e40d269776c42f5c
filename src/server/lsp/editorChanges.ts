/**
 * The change sink (views/changeSink.ts) on the LSP connection: diagnostics (in batches to an
 * editor that takes them, `findingsLens/diagnostics`, a request paced by its answers; else
 * publishDiagnostics), `workspace/codeLens/refresh` (a request; its answer is not waited for), and
 * the `findingsLens/*` notifications that say the list, the status or the outbox changed.
 */
import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import * as protocol from '../../shared/protocol';
import type { FeedSession } from '../session/feedSession';
import { ChangeSink } from '../views/changeSink';
import { DiagnosticsPublisher } from '../views/publisher';

/** What the sink reads when it sends: the server's state at that moment. */
export interface EditorState {
  session(): FeedSession;
  /** The sync state, notices and how updates come (sync/syncController.ts `shown`). */
  syncShown(): Pick<protocol.StatusParams, 'state' | 'notices' | 'updates'>;
  /** Whether the editor takes code lens refreshes (its capability). */
  canRefreshLenses(): boolean;
  /** Whether the editor takes diagnostics in batches (`findingsLens/diagnostics`, its capability). */
  takesBatches(): boolean;
  /** An open file's diagnostics were published again. */
  openFilesShown(): void;
}

export function editorChanges(connection: Connection, documents: TextDocuments<TextDocument>, state: EditorState): ChangeSink {
  const isOpen = (uri: string) => documents.get(uri) !== undefined;
  return new ChangeSink({
    publisher: new DiagnosticsPublisher((uri, diagnostics) => connection.sendDiagnostics({ uri, diagnostics }), {
      isOpen,
      sendBatch: () => (state.takesBatches() ? (files) => connection.sendRequest(protocol.diagnosticsBatch, { files }) : undefined),
    }),
    diagnostics: (uri) => state.session().views.diagnostics(uri),
    isOpen,
    canRefreshLenses: state.canRefreshLenses,
    refreshLenses: () => void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined),
    findingsChanged: () => void connection.sendNotification(protocol.findingsChanged, { count: state.session().store.size }),
    status: () => void connection.sendNotification(protocol.status, { ...state.syncShown(), counts: state.session().counts() }),
    outboxChanged: (entries) => void connection.sendNotification(protocol.outboxChanged, { entries }),
    openFilesShown: state.openFilesShown,
  });
}
