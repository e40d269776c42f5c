/**
 * Entry point of dist/server.js. `createConnection(ProposedFeatures.all)` picks the transport from
 * argv: node IPC when started by the VS Code client, `--stdio` for any other LSP editor and tests.
 */
import { createConnection, ProposedFeatures, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FindingsServer } from './server';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

// Nothing async may end as an unhandled rejection: log it and keep serving.
process.on('unhandledRejection', (reason) => {
  connection.console.error(`unexpected error: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
});

new FindingsServer(connection, documents).register();
documents.listen(connection);
connection.listen();
