// One start of an editor's extension host, in miniature, for codeCache.test.ts: a process of its own
// (in one process V8 answers a second compile of the same source from memory, cache file or not)
// that loads the bundle through the code cache loader, writes the cache when asked, and prints
// what it saw as one JSON line.
//   node --require tsx/cjs codeCacheLoad.ts <bundle> <cache folder> <extension folder>
import Module from 'node:module';
import * as path from 'node:path';
import { compileWithCodeCache, readBundle } from '../../../src/client/codeCache';

/** Answers `require('fake-editor-api')` by the requiring module's file name, as VS Code's extension host answers 'vscode'. */
export function interceptApi(extension: string): { api: object; asked: () => number; restore(): void } {
  const loader = Module as unknown as { _load(request: string, parent: { filename?: string } | undefined, isMain: boolean): unknown };
  const original = loader._load;
  const api = { name: 'the extension API' };
  let asked = 0;
  loader._load = function (request, parent, isMain) {
    if (request !== 'fake-editor-api') return original.call(this, request, parent, isMain);
    asked += 1;
    return parent?.filename?.startsWith(extension + path.sep) ? api : { name: 'the default API' };
  };
  return { api, asked: () => asked, restore: () => (loader._load = original) };
}

async function main(): Promise<void> {
  const [bundle, cacheDir, extensionDir] = process.argv.slice(2) as [string, string, string];
  const { api } = interceptApi(extensionDir);
  // Read as the extension reads them (off the thread), then compiled.
  const loaded = compileWithCodeCache(bundle, cacheDir, { 'fake-editor-api': api }, await readBundle(bundle, cacheDir));
  const exports = loaded.run() as { api: unknown };
  let written: string | undefined;
  if (loaded.writeCache)
    written = await loaded.writeCache().then(
      () => 'written',
      (error: unknown) => String(error),
    );
  const report = { outcome: loaded.outcome, exports: { ...exports, api: exports.api === api ? 'own' : 'other' }, written };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

if (require.main === module) void main();
