/**
 * Loads a CommonJS bundle with a V8 code cache, as VS Code loads its own code: the language
 * client's bundle (dist/connection.js, 367 KB) took one synchronous `require` of 134–464 ms at
 * start-up in the editor bench, most of it V8 parsing and compiling it (`wrapSafe`). With a cache
 * V8 skips both, for the top level and for every function the cache was made after.
 *
 * The bundle is wrapped and run as Node's loader does (`Module.wrap`, then the wrapper called with
 * exports, require, module, __filename, __dirname), with a `require` made for the bundle's own
 * file by `createRequire`: VS Code's extension host answers `require('vscode')` by the requiring
 * module's file name, so the bundle gets this extension's API as it does from a plain require.
 * `expected` checks that before the bundle runs. The cache's decisions are in codeCacheRules.ts.
 */
import { readFileSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire, wrap } from 'node:module';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Script } from 'node:vm';
import { cacheOutcome, codeCacheFileName, currentRuntime, needsCacheWrite, staleCacheFiles, type CacheOutcome } from './codeCacheRules';

export interface CodeCacheLoad {
  /** The bundle's `module.exports`. */
  exports: unknown;
  outcome: CacheOutcome;
  /** How long reading, compiling and running the bundle took. */
  ms: number;
  /**
   * Writes a new cache when the load asks for one (none found, or V8 rejected it): made when
   * called, so it holds every function compiled until then; resolves with its size in bytes.
   * Undefined when the cache was used.
   */
  writeCache?: () => Promise<number>;
}

type CommonJsWrapper = (exports: unknown, require: NodeJS.Require, module: { exports: unknown }, filename: string, dirname: string) => void;

/**
 * Reads, compiles (with the cache in `cacheDir` when there is one) and runs `bundle`. Throws when
 * the bundle cannot be read, when a module in `expected` resolves to something else from the
 * bundle's file (then nothing has run), or when the bundle itself throws.
 */
export function loadWithCodeCache(bundle: string, cacheDir: string, expected: Readonly<Record<string, unknown>> = {}): CodeCacheLoad {
  const started = performance.now();
  const source = readFileSync(bundle);
  const bundleName = path.basename(bundle);
  const cacheName = codeCacheFileName(bundleName, source, currentRuntime());
  const found = readCache(path.join(cacheDir, cacheName));
  const bundleRequire = createRequire(bundle);
  for (const [name, value] of Object.entries(expected)) {
    if (bundleRequire(name) !== value) throw new Error(`require('${name}') from ${bundle} is not the one the extension got`);
  }
  const script = new Script(wrap(source.toString('utf8')), { filename: bundle, cachedData: found.data });
  const module = { exports: {} as unknown, id: bundle, filename: bundle, loaded: false };
  const run = script.runInThisContext() as CommonJsWrapper;
  run.call(module.exports, module.exports, bundleRequire, module, bundle, path.dirname(bundle));
  module.loaded = true;
  const outcome = cacheOutcome(found.kind, script.cachedDataRejected);
  return {
    exports: module.exports,
    outcome,
    ms: performance.now() - started,
    writeCache: needsCacheWrite(outcome) ? () => writeCodeCache(script, cacheDir, bundleName, cacheName) : undefined,
  };
}

function readCache(file: string): { kind: 'read'; data: Buffer } | { kind: 'absent' | 'unreadable'; data?: undefined } {
  try {
    return { kind: 'read', data: readFileSync(file) };
  } catch (error) {
    return { kind: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'absent' : 'unreadable' };
  }
}

/**
 * Writes the script's cache beside a temporary name and renames it into place, so that a start
 * never reads half a file (two windows starting at once each write a whole one); then deletes the
 * caches of older builds and runtimes.
 */
async function writeCodeCache(script: Script, cacheDir: string, bundleName: string, cacheName: string): Promise<number> {
  const data = script.createCachedData();
  await mkdir(cacheDir, { recursive: true });
  const cacheFile = path.join(cacheDir, cacheName);
  const partial = `${cacheFile}.${process.pid}.partial`;
  try {
    await writeFile(partial, data);
    await rename(partial, cacheFile);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  for (const stale of staleCacheFiles(await readdir(cacheDir), bundleName, cacheName))
    await rm(path.join(cacheDir, stale), { force: true });
  return data.length;
}
