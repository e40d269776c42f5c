// One build script for every bundle. `--production` minifies; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  legalComments: 'none',
};

/**
 * The client loads two bundles lazily, with `require('./connection.js')` (src/client/loadConnection.ts)
 * and `require('./panelHost.js')` (src/client/panel/loadPanelHost.ts): left as written, they find
 * dist/connection.js and dist/panelHost.js beside dist/client.js.
 * @type {import('esbuild').Plugin}
 */
const lazyBundles = {
  name: 'lazy-bundles',
  setup(build) {
    build.onResolve({ filter: /^\.\/(connection|panelHost)\.js$/ }, (args) => ({ path: args.path, external: true }));
  },
};

const builds = [
  // The extension host side: vscode is provided by the editor. Kept small (no language client, no zod): it is the activation path.
  {
    ...common,
    entryPoints: ['src/client/extension.ts'],
    outfile: 'dist/client.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [lazyBundles],
  },
  // The language client and everything that talks to the server, loaded just after activation.
  {
    ...common,
    entryPoints: ['src/client/connection.ts'],
    outfile: 'dist/connection.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  // The triage panel's host and the export (they parse with zod), loaded the first time the panel opens.
  {
    ...common,
    entryPoints: ['src/client/panel/panelHost.ts'],
    outfile: 'dist/panelHost.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  // The language server: runs under any LSP editor, with node only.
  { ...common, entryPoints: ['src/server/lsp/main.ts'], outfile: 'dist/server.js', platform: 'node', format: 'cjs', target: 'node20' },
  // The triage panel, inside the webview.
  { ...common, entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2022' },
  // The reference partner feed: its database drivers (better-sqlite3 is a native module, and pg) load from node_modules.
  {
    ...common,
    entryPoints: ['src/feed/main.ts'],
    outfile: 'dist/feed.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3', 'pg'],
  },
];

const present = await Promise.all(
  builds.map(async (b) => {
    const { existsSync } = await import('node:fs');
    return existsSync(b.entryPoints[0]) ? b : null;
  }),
);
const active = present.filter(Boolean);

if (watch) {
  for (const b of active) await (await esbuild.context(b)).watch();
  console.error('[esbuild] watching');
} else {
  await Promise.all(active.map((b) => esbuild.build(b)));
}
