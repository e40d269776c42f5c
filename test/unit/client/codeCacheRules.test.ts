// The code cache's decisions (src/client/codeCacheRules.ts): its file's name, the load's route,
// and what an outcome asks for next.
import * as assert from 'node:assert/strict';
import { cacheOutcome, codeCacheFileName, loadRoute, needsCacheWrite, staleCacheFiles } from '../../../src/client/codeCacheRules';

const NODE20 = { node: 'v20.20.2', v8: '11.3.244.8-node.33' };
const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('the code cache rules', () => {
  describe('the cache file name', () => {
    it('names the bundle, a hash of its bytes, and the runtime, so that no other build or runtime reads it', () => {
      const name = codeCacheFileName('connection.js', bytes('one build'), NODE20);
      assert.match(name, /^connection\.js\.[0-9a-f]{16}\.node-v20\.20\.2\.v8-11\.3\.244\.8-node\.33\.cache$/);
      assert.equal(codeCacheFileName('connection.js', bytes('one build'), NODE20), name, 'the same bundle and runtime, the same file');
      assert.notEqual(codeCacheFileName('connection.js', bytes('another build'), NODE20), name);
      assert.notEqual(codeCacheFileName('connection.js', bytes('one build'), { ...NODE20, node: 'v20.20.3' }), name);
      assert.notEqual(codeCacheFileName('connection.js', bytes('one build'), { ...NODE20, v8: '11.3.244.9-node.33' }), name);
    });

    it('keeps a strange runtime version inside the one file name', () => {
      const name = codeCacheFileName('connection.js', bytes('x'), { node: 'v20/../../x', v8: 'a b\\c' });
      assert.ok(!/[/\\ ]/.test(name), name);
    });
  });

  it("deletes the bundle's older caches only, never the one just written, another bundle's or a write under way", () => {
    const keep = codeCacheFileName('connection.js', bytes('new'), NODE20);
    const older = codeCacheFileName('connection.js', bytes('old'), NODE20);
    const otherRuntime = codeCacheFileName('connection.js', bytes('new'), { ...NODE20, node: 'v22.1.0' });
    const names = [keep, older, otherRuntime, `${keep}.4242.partial`, codeCacheFileName('panelHost.js', bytes('new'), NODE20), 'notes.txt'];
    assert.deepEqual(staleCacheFiles(names, 'connection.js', keep), [older, otherRuntime]);
  });

  describe('the route of a load', () => {
    const storage = { scheme: 'file', fsPath: '/home/u/.config/Code/User/globalStorage/findings-lens.findings-lens' };

    it('compiles the packaged bundle with a cache in the global storage', () => {
      assert.deepEqual(loadRoute('/ext/dist/connection.js', storage), {
        kind: 'cached',
        bundle: '/ext/dist/connection.js',
        cacheDir: storage.fsPath,
      });
    });

    it('leaves a require alone when run from source (the request resolved to connection.ts)', () => {
      const route = loadRoute('/repo/src/client/connection.ts', storage);
      assert.equal(route.kind, 'plain');
      assert.match(route.kind === 'plain' ? route.why : '', /run from source \(connection\.ts\)/);
    });

    it('leaves a require alone when the storage is not a folder on this machine', () => {
      const route = loadRoute('/ext/dist/connection.js', { scheme: 'vscode-userdata', fsPath: '/User/globalStorage/x' });
      assert.equal(route.kind, 'plain');
      assert.match(route.kind === 'plain' ? route.why : '', /vscode-userdata:/);
    });
  });

  describe('what a load asks for next', () => {
    it('writes no cache when V8 used the one found', () => {
      assert.equal(cacheOutcome('read', false), 'used');
      assert.equal(needsCacheWrite('used'), false);
    });

    it('writes a new cache when V8 rejected the one found, none was there, or it could not be read', () => {
      assert.equal(cacheOutcome('read', true), 'rejected');
      assert.equal(cacheOutcome('absent', undefined), 'absent');
      assert.equal(cacheOutcome('unreadable', undefined), 'unreadable');
      for (const outcome of ['rejected', 'absent', 'unreadable'] as const) assert.equal(needsCacheWrite(outcome), true, outcome);
    });

    it('counts a cache V8 gave no verdict on as not used', () => {
      assert.equal(cacheOutcome('read', undefined), 'rejected');
    });
  });
});
