// The transport floor of the per-file figures (bench/transportFloor.ts): a process that does
// nothing but hold the answers it is handed and send them back over stdio with the same JSON-RPC
// writer the language server uses, so the bench times the same bytes through the same transport.
'use strict';
const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-languageserver-protocol/node');

const connection = createProtocolConnection(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
let answers = [];
let publishes = [];
connection.onRequest('floor/hold', (params) => {
  answers = params.answers;
  publishes = params.publishes;
  return answers.length + publishes.length;
});
connection.onRequest('floor/answer', (params) => answers[params.i]);
connection.onNotification(
  'floor/publish',
  (params) => void connection.sendNotification('textDocument/publishDiagnostics', publishes[params.i]),
);
connection.onNotification('exit', () => process.exit(0));
connection.listen();
