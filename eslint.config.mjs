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
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { importsRule } from './eslint-rules/layers.mjs';

const ROOT = import.meta.dirname;

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
