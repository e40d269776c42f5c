// @ts-check
/**
 * The `layers/imports` lint rule: which files and packages each layer of src/ may import
 * (CONTRIBUTING.md, "Layers"). Pure functions, so test/unit/lint/layers.test.ts checks the table.
 */
import { builtinModules } from 'node:module';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

/** For each layer: the layers whose files it may import, and the packages it may import. */
export const LAYERS = {
  shared: { layers: ['shared'], packages: ['zod', 'vscode-languageserver-protocol'] },
  server: {
    layers: ['server', 'shared'],
    packages: [
      'zod',
      'vscode-languageserver',
      'vscode-languageserver-protocol',
      'vscode-languageserver-textdocument',
      'vscode-uri',
      'node:*',
    ],
  },
  client: { layers: ['client', 'shared'], packages: ['vscode', 'vscode-languageclient', 'zod', 'node:*'] },
  webview: { layers: ['webview', 'shared'], packages: ['zod', 'markdown-it', 'dompurify', '@vscode-elements/elements'] },
  feed: { layers: ['feed', 'shared'], packages: ['zod', 'better-sqlite3', 'pg', 'node:*'] },
};

/** The layer a file belongs to, or undefined for tests, scripts and the bench. */
function layerOf(file) {
  const relative = path.relative(ROOT, file).split(path.sep);
  return relative[0] === 'src' && relative[1] in LAYERS ? relative[1] : undefined;
}

/** The package a bare specifier names (`@scope/name`, `name`), `node:*` for Node's own modules. */
function packageOf(specifier) {
  if (specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0])) return 'node:*';
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Why `specifier`, imported from `file`, breaks the layers; undefined when it does not. */
export function layerProblem(file, specifier) {
  const layer = layerOf(file);
  if (!layer) return undefined;
  const rules = LAYERS[layer];
  if (specifier.startsWith('.')) {
    const target = path.resolve(path.dirname(file), specifier);
    if (target === path.join(ROOT, 'package.json') && layer === 'server') return undefined; // the server's version
    const targetLayer = layerOf(target);
    if (targetLayer && rules.layers.includes(targetLayer)) return undefined;
    return `src/${layer} may import only from ${rules.layers.map((l) => `src/${l}`).join(' and ')}, not ${path.relative(ROOT, target)}`;
  }
  const name = packageOf(specifier);
  if (rules.packages.includes(name)) return undefined;
  return `src/${layer} may not import ${name === 'node:*' ? `Node's ${specifier}` : `'${name}'`} (allowed: ${rules.packages.join(', ')})`;
}

/** @type {import('eslint').Rule.RuleModule} */
export const importsRule = {
  meta: { type: 'problem', docs: { description: 'Each layer imports only what its runtime has and the layers below it.' }, schema: [] },
  create(context) {
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string') return;
      const problem = layerProblem(context.filename, source.value);
      if (problem) context.report({ node, message: problem });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source : undefined),
      TSImportEqualsDeclaration: (node) =>
        check(node, node.moduleReference.type === 'TSExternalModuleReference' ? node.moduleReference.expression : undefined),
    };
  },
};
