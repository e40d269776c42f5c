/**
 * Entry point of dist/server.js. `createConnection(ProposedFeatures.all)` picks the transport from
 * argv: node IPC when started by the VS Code client, `--stdio` for any other LSP editor and tests.
 */
import { createConnection, ProposedFeatures, TextDocuments } from 'vscode-languageserver/node';
import { DocumentEdits } from './documentEdits';
import { LanguageServer } from './languageServer';

const connection = createConnection(ProposedFeatures.all);
// The anchors follow each edit as sent (see documentEdits.ts), not just the new text.
const edits = new DocumentEdits();
const documents = new TextDocuments(edits.configuration);

// Nothing async may end as an unhandled rejection: log it and keep serving.
process.on('unhandledRejection', (reason) => {
  connection.console.error(`unexpected error: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
});

new LanguageServer(connection, documents, edits).register();
documents.listen(connection);
connection.listen();
