// The extension's activation path is dist/client.js: what it bundles is what every window pays for
// at start-up. The language client (dist/connection.js) and the panel host with zod
// (dist/panelHost.js) load later, by a require esbuild leaves as written (see esbuild.mjs).
import * as assert from 'node:assert/strict';
import { wrap } from 'node:module';
import { Script } from 'node:vm';
import * as esbuild from 'esbuild';

/** The client bundle of `entry` as esbuild.mjs makes it, with its inputs and code. */
async function bundle(entry: string, external: string[]): Promise<{ inputs: string[]; code: string }> {
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', ...external],
    logLevel: 'silent',
  });
  return { inputs: Object.keys(result.metafile.inputs), code: result.outputFiles[0]!.text };
}

describe('the activation bundle', function () {
  this.timeout(30_000);

  it('holds neither zod nor the language client, and loads both later from their own bundles', async () => {
    const { inputs, code } = await bundle('src/client/extension.ts', ['./connection.js', './panelHost.js']);
    const heavy = inputs.filter((i) => /node_modules\/(zod|vscode-languageclient|vscode-languageserver-protocol|vscode-jsonrpc)\//.test(i));
    assert.deepEqual(heavy, []);
    assert.match(code, /require\("\.\/connection\.js"\)/);
    assert.match(code, /require\("\.\/panelHost\.js"\)/);
  });

  it('loads the language client without zod: the custom messages reach it as types only (the server and the panel parse them)', async () => {
    const { inputs } = await bundle('src/client/connection.ts', ['./panelHost.js']);
    assert.deepEqual(
      inputs.filter((i) => /node_modules\/zod\//.test(i)),
      [],
    );
    assert.ok(inputs.includes('src/shared/protocol.ts'), 'the bundle holds the message types it sends');
    assert.ok(!inputs.includes('src/shared/protocolSchemas.ts'));
  });

  it("runs none of the language client's modules at the connection bundle's top level: its steps do, later (connection.ts)", async () => {
    const { code } = await bundle('src/client/connection.ts', ['./panelHost.js']);
    const asked: string[] = [];
    const module = { exports: {} as { steps?: unknown[]; serverConnection?: unknown } };
    const wrapper = new Script(wrap(code), { filename: 'connection.js' }).runInThisContext() as (...args: unknown[]) => void;
    wrapper(module.exports, (id: string) => asked.push(id), module, 'connection.js', '.');
    // Run whole, the top level asked for vscode, child_process, net and the rest as the client's modules ran.
    assert.deepEqual(asked, []);
    assert.ok(Array.isArray(module.exports.steps) && module.exports.steps.length >= 5, 'the load is cut into steps');
    assert.equal(typeof module.exports.serverConnection, 'function');
  });

  it('adds no module with its steps: each names one the language client requires anyway', async () => {
    const entry = await bundle('src/client/connection.ts', ['./panelHost.js']);
    const connection = await bundle('src/client/serverConnection.ts', ['./panelHost.js']);
    assert.deepEqual(entry.inputs.filter((i) => i !== 'src/client/connection.ts').sort(), [...connection.inputs].sort());
  });
});
