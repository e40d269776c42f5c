// The extension's cold start, in a fresh node process: `require('dist/client.js')` then `activate()`,
// with a stand-in `vscode` module (what VS Code itself times as the extension's activation: loading
// its main module and running activate). Prints one line of JSON: { loadMs, activateMs }.
//   node bench/activate.cjs <path to client.js> <extension root>
'use strict';
const Module = require('node:module');
const path = require('node:path');

/** Any member is another stand-in; calling or constructing one gives one too; awaiting one gives itself. */
function standIn(name) {
  const target = function () {};
  const assigned = new Map();
  return new Proxy(target, {
    get(t, key) {
      if (assigned.has(key)) return assigned.get(key);
      if (key === 'then') return undefined;
      if (key === Symbol.toPrimitive) return () => name;
      if (key === Symbol.iterator) return function* () {};
      if (key === 'prototype') return t.prototype;
      if (!Object.prototype.hasOwnProperty.call(t, key) || key === 'name' || key === 'length') {
        assigned.set(key, standIn(`${name}.${String(key)}`));
        return assigned.get(key);
      }
      return t[key];
    },
    set(_t, key, value) {
      assigned.set(key, value);
      return true;
    },
    apply: () => standIn(`${name}()`),
    construct: () => standIn(`new ${name}`),
  });
}

const vscode = new Proxy(
  {},
  {
    get(t, key) {
      if (key === 'then' || typeof key === 'symbol') return undefined;
      if (!(key in t)) t[key] = standIn(`vscode.${key}`);
      return t[key];
    },
  },
);
// The bundle copies the module's own properties once (esbuild's namespace import), so the module is
// a plain object holding every namespace and class the extension uses.
for (const name of [
  'window',
  'workspace',
  'commands',
  'languages',
  'env',
  'extensions',
  'Uri',
  'EventEmitter',
  'Disposable',
  'Range',
  'Position',
  'Location',
  'Diagnostic',
  'DiagnosticSeverity',
  'DiagnosticTag',
  'CodeAction',
  'CodeActionKind',
  'CodeLens',
  'TreeItem',
  'TreeItemCollapsibleState',
  'ThemeIcon',
  'ThemeColor',
  'ViewColumn',
  'StatusBarAlignment',
  'ProgressLocation',
  'TextEditorRevealType',
  'LogLevel',
  'MarkdownString',
  'CancellationTokenSource',
  'CancellationError',
  'FileSystemError',
  'RelativePattern',
  'SnippetString',
  'SymbolKind',
  'CompletionItemKind',
  'ConfigurationTarget',
  'Hover',
  'WorkspaceEdit',
  'TextEdit',
  'Selection',
  'version',
]) {
  void vscode[name];
}
// The few reads whose answer the extension uses as a value, not as an object to call.
vscode.workspace.getConfiguration = () => ({
  get: (_key, fallback) => fallback,
  inspect: () => undefined,
  has: () => false,
  update: async () => undefined,
});
vscode.workspace.isTrusted = true;
vscode.workspace.workspaceFolders = undefined;
vscode.env.machineId = 'bench';
vscode.version = '1.100.0';

const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'vscode') return vscode;
  return load.call(this, request, parent, isMain);
};

const [clientJs, root] = process.argv.slice(2);
// Whatever the extension reads of its context beyond these is a stand-in too.
const context = Object.assign(standIn('context'), {
  subscriptions: [],
  globalStorageUri: {
    fsPath: path.join(require('node:os').tmpdir(), 'findings-lens-bench-storage'),
    scheme: 'file',
    toString: () => 'file:///tmp/findings-lens-bench-storage',
  },
  extensionUri: { fsPath: root, scheme: 'file' },
  extensionPath: root,
  asAbsolutePath: (p) => path.join(root, p),
  extensionMode: 1,
  extension: { id: 'findings-lens.findings-lens', packageJSON: require(path.join(root, 'package.json')), extensionPath: root },
});

const t0 = performance.now();
const extension = require(clientJs);
const t1 = performance.now();
extension.activate(context);
const t2 = performance.now();
process.stdout.write(`${JSON.stringify({ loadMs: t1 - t0, activateMs: t2 - t1, subscriptions: context.subscriptions.length })}\n`);
// The server start that activate() left running in the background is not part of activation.
process.exit(0);
