// The extension's activation path is dist/client.js: what it bundles is what every window pays for
// at start-up. The language client (dist/connection.js) and the panel host with zod
// (dist/panelHost.js) load later, by a require esbuild leaves as written (see esbuild.mjs).
import * as assert from 'node:assert/strict';
import * as esbuild from 'esbuild';

describe('the activation bundle', function () {
  this.timeout(30_000);

  it('holds neither zod nor the language client, and loads both later from their own bundles', async () => {
    const result = await esbuild.build({
      entryPoints: ['src/client/extension.ts'],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode', './connection.js', './panelHost.js'],
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    const heavy = inputs.filter((i) => /node_modules\/(zod|vscode-languageclient|vscode-languageserver-protocol|vscode-jsonrpc)\//.test(i));
    assert.deepEqual(heavy, []);
    const code = result.outputFiles[0].text;
    assert.match(code, /require\("\.\/connection\.js"\)/);
    assert.match(code, /require\("\.\/panelHost\.js"\)/);
  });
});
