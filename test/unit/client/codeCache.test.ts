// The code cache loader (src/client/codeCache.ts) on a small real CommonJS module: the second load
// consumes the cache the first one wrote and gives the same exports; a damaged cache is rejected
// and replaced; `require` inside the module is answered by the module's own file name, as VS Code's
// extension host answers `require('vscode')`.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compileWithCodeCache, readBundle } from '../../../src/client/codeCache';
import { codeCacheFileName, currentRuntime } from '../../../src/client/codeCacheRules';
import { interceptApi } from './codeCacheLoad';

const LOAD_SCRIPT = path.join(__dirname, 'codeCacheLoad.ts');

/** A bundle as esbuild writes one: a dependency beside it, its file name, functions run at load. */
const BUNDLE = `
const helper = require('./helper.js');
const api = require('fake-editor-api');
const again = require('fake-editor-api');
globalThis.__codeCacheRuns = (globalThis.__codeCacheRuns ?? 0) + 1;
function table(n) { const rows = []; for (let i = 0; i < n; i++) rows.push(helper.square(i)); return rows; }
module.exports = { squares: table(5), file: __filename, dir: __dirname, api, same: this === module.exports && api === again };
`;

type Exports = { squares: number[]; file: string; dir: string; api: unknown; same: boolean };

/** One load in a process of its own (codeCacheLoad.ts): what it loaded, and whether it wrote a cache. */
function loadApart(bundle: string, cacheDir: string, extensionDir: string): { outcome: string; exports: Exports; written?: string } {
  const out = execFileSync(process.execPath, ['--require', 'tsx/cjs', LOAD_SCRIPT, bundle, cacheDir, extensionDir], { encoding: 'utf8' });
  return JSON.parse(out) as { outcome: string; exports: Exports; written?: string };
}

describe('the code cache loader', function () {
  this.timeout(20_000);
  let root: string;
  let bundle: string;
  let cacheDir: string;
  let intercepted: ReturnType<typeof interceptApi>;

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'findings-lens-code-cache-'));
    const dist = path.join(root, 'extension', 'dist');
    mkdirSync(dist, { recursive: true });
    bundle = path.join(dist, 'connection.js');
    writeFileSync(bundle, BUNDLE);
    writeFileSync(path.join(dist, 'helper.js'), 'exports.square = (n) => n * n;');
    cacheDir = path.join(root, 'globalStorage', 'code-cache');
    intercepted = interceptApi(path.join(root, 'extension'));
  });

  afterEach(() => {
    intercepted.restore();
    rmSync(root, { recursive: true, force: true });
  });

  const cacheFile = () => path.join(cacheDir, codeCacheFileName('connection.js', readFileSync(bundle), currentRuntime()));
  /** Read off the thread, then compiled, as the extension does it. */
  const compile = async (api: object = intercepted.api) =>
    compileWithCodeCache(bundle, cacheDir, { 'fake-editor-api': api }, await readBundle(bundle, cacheDir));
  const load = async () => {
    const compiled = await compile();
    return { ...compiled, exports: compiled.run() };
  };
  const runs = () => (globalThis as { __codeCacheRuns?: number }).__codeCacheRuns ?? 0;
  const start = () => loadApart(bundle, cacheDir, path.join(root, 'extension'));
  const SQUARES = [0, 1, 4, 9, 16];

  it('writes a cache after the first start, and the second start consumes it with the same exports', () => {
    const first = start();
    assert.equal(first.outcome, 'absent');
    assert.equal(first.written, 'written', 'the first start writes a cache');
    assert.deepEqual(readdirSync(cacheDir), [path.basename(cacheFile())]);

    const second = start();
    assert.equal(second.outcome, 'used', 'V8 accepted the cache (cachedDataRejected === false)');
    assert.equal(second.written, undefined, 'nothing to write after a used cache');
    assert.deepEqual(second.exports, first.exports);
    assert.deepEqual(second.exports.squares, SQUARES);
    assert.equal(second.exports.file, bundle);
    assert.equal(second.exports.dir, path.dirname(bundle));
    assert.equal(second.exports.same, true, 'the module runs with `this` as its exports, as under require');
  });

  it("gives the module the extension's API: its require is answered by the bundle's file name", async () => {
    assert.equal(start().exports.api, 'own');
    assert.equal(((await load()).exports as Exports).api, intercepted.api);
  });

  it('rejects a damaged cache, loads without it, and replaces it', () => {
    start();
    const damage = Buffer.from('not a V8 code cache, but as long as one might be. '.repeat(20));
    writeFileSync(cacheFile(), damage);

    const damaged = start();
    assert.equal(damaged.outcome, 'rejected');
    assert.deepEqual(damaged.exports.squares, SQUARES);
    assert.equal(damaged.written, 'written');
    assert.notDeepEqual(readFileSync(cacheFile()), damage);
    assert.equal(start().outcome, 'used', 'the replacement is consumed');
  });

  it("asks the editor's hook once for a module the bundle requires again and again", async () => {
    await load();
    assert.equal(intercepted.asked(), 1, "the check; the bundle's own two requires are answered by the loader");
  });

  it('reads the bundle and its cache off the thread: read, absent, or unreadable, as the compile reads them', async () => {
    assert.equal((await readBundle(bundle, cacheDir)).found.kind, 'absent');
    start();
    const read = await readBundle(bundle, cacheDir);
    assert.deepEqual(read.source, readFileSync(bundle));
    assert.equal(read.found.kind, 'read');
    assert.deepEqual(read.found.data, readFileSync(cacheFile()));
    rmSync(cacheFile());
    mkdirSync(cacheFile());
    assert.equal((await readBundle(bundle, cacheDir)).found.kind, 'unreadable', 'a folder where the cache should be');
    assert.equal((await compile()).outcome, 'unreadable', 'the compile takes what was read');
  });

  it('compiles without running: the bundle runs when asked, once', async () => {
    const before = runs();
    const compiled = await compile();
    assert.equal(runs(), before, 'compiled, not run');
    const exports = compiled.run();
    assert.equal(runs(), before + 1);
    assert.equal(compiled.run(), exports, 'the same exports again, without a second run');
    assert.equal(runs(), before + 1);
  });

  it('runs nothing when a module resolves to something else from the bundle than the extension got', async () => {
    const before = runs();
    await load();
    assert.equal(runs(), before + 1, 'a load runs the bundle once');
    await assert.rejects(compile({ name: 'another API' }), /is not the one the extension got/);
    assert.equal(runs(), before + 1, 'the refused load ran nothing');
  });

  it("deletes an older build's cache once the new one is written", async () => {
    mkdirSync(cacheDir, { recursive: true });
    const older = codeCacheFileName('connection.js', Buffer.from('an older build'), currentRuntime());
    writeFileSync(path.join(cacheDir, older), 'old');
    await (await load()).writeCache?.();
    assert.deepEqual(readdirSync(cacheDir), [path.basename(cacheFile())]);
  });

  it('loads without a cache when its folder cannot be read or made, and the write says why', async () => {
    writeFileSync(path.join(root, 'globalStorage'), 'a file where the folder should be');
    const loaded = await load();
    assert.equal(loaded.outcome, 'unreadable');
    assert.deepEqual((loaded.exports as Exports).squares, SQUARES);
    await assert.rejects(loaded.writeCache?.() ?? Promise.resolve(), /EEXIST|ENOTDIR/);
  });
});
