/**
 * The content changes of each didChange, as the client sent them. `TextDocuments` applies them and
 * only reports the new document; the anchors need the changes themselves (a keystroke then costs
 * the size of the keystroke, not of the file), so this configuration hands them over first.
 */
import type { TextDocumentContentChangeEvent, TextDocumentsConfiguration } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';

/** Told of one didChange's changes, in order, before the document is updated with them. */
export type EditListener = (uri: string, changes: readonly TextDocumentContentChangeEvent[]) => void;

export class DocumentEdits {
  private listener: EditListener | undefined;

  /** Give this to `new TextDocuments(...)`. */
  readonly configuration: TextDocumentsConfiguration<TextDocument> = {
    create: (uri, languageId, version, content) => TextDocument.create(uri, languageId, version, content),
    update: (document, changes, version) => {
      this.listener?.(document.uri, changes);
      return TextDocument.update(document, changes, version);
    },
  };

  /** Sets the one listener (the server's anchors). */
  onEdit(listener: EditListener): void {
    this.listener = listener;
  }
}
