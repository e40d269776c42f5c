// @ts-check
/**
 * Lint: typescript-eslint's recommended rules, the promise rules that need types, and the layers.
 *
 * The layers (CONTRIBUTING.md, "Layers"): src/shared is the contract and imports only zod and the
 * LSP protocol types; src/server never imports vscode (any LSP editor can run it); src/webview is
 * DOM only; src/client is the only layer that imports vscode; src/feed is the reference feed.
 * No layer imports another's files except src/shared. Each layer's tsconfig.json already withholds
 * the globals its runtime lacks (no DOM in the server, no Node in the webview or the contract); the
 * `layers/imports` rule below checks what tsconfig cannot: which files and packages each may import.
 */
import { builtinModules } from 'node:module';
import path from 'node:path';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const ROOT = import.meta.dirname;

/** For each layer: the layers whose files it may import, and the packages it may import. */
const LAYERS = {
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
function layerProblem(file, specifier) {
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
const importsRule = {
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

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test-output/**', 'bench-results/**', '.cache/**', 'test/fixtures/**', 'media/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: ROOT } },
    plugins: { layers: { rules: { imports: importsRule } } },
    rules: {
      'layers/imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Tests may poke at what they test (any, non-null assertions) to say what they expect.
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ['**/*.mjs', '**/*.cjs', '**/*.js'], ...tseslint.configs.disableTypeChecked },
  { files: ['**/*.mjs', '**/*.cjs', '**/*.js'], languageOptions: { globals: { ...globals.node, ...globals.mocha } } },
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
