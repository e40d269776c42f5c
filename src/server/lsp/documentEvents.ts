/**
 * The open documents' events, routed to the session of the moment (it is replaced whole when the
 * feed or project changes, so it is asked for at each event).
 */
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FeedSession } from '../session/feedSession';
import type { DocumentEdits } from './documentEdits';

export interface DocumentEventTargets {
  session(): FeedSession;
  /** A file was opened (after the session heard it): the sync may ask the feed for its findings first. */
  opened(uri: string): void;
  /** A file was closed (before the session hears it): what was published for it as open is forgotten. */
  closed(uri: string): void;
}

export function routeDocumentEvents(
  documents: TextDocuments<TextDocument>,
  edits: DocumentEdits | undefined,
  to: DocumentEventTargets,
): void {
  edits?.onEdit((uri, changes) => to.session().edited(uri, changes));
  documents.onDidOpen((e) => {
    to.session().opened(e.document.uri);
    to.opened(e.document.uri);
  });
  // Without the edits themselves (another TextDocuments), the anchors follow the whole new text.
  documents.onDidChangeContent((e) => to.session().changed(e.document.uri, edits !== undefined));
  documents.onDidSave((e) => to.session().anchors.settle(e.document.uri));
  documents.onDidClose((e) => {
    to.closed(e.document.uri);
    to.session().closedFile(e.document.uri);
  });
}
