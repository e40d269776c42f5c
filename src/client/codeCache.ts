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
 * `expected` checks that before the bundle runs, and then answers those modules itself. The
 * cache's decisions are in codeCacheRules.ts.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire, wrap } from 'node:module';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Script } from 'node:vm';
import { cacheOutcome, codeCacheFileName, currentRuntime, needsCacheWrite, staleCacheFiles, type CacheOutcome } from './codeCacheRules';

export interface CompiledBundle {
  outcome: CacheOutcome;
  /** How long compiling the bundle took (readBundle read it before). */
  compileMs: number;
  /** Runs the bundle's top level, once, and returns its `module.exports`. */
  run(): unknown;
  /**
   * Writes a new cache when the load asks for one (none found, or V8 rejected it): made when
   * called, so it holds every function compiled until then. Undefined when the cache was used.
   */
  writeCache?: () => Promise<CacheWritten>;
}

/** The cache's size, and how long V8 took to make it (on the thread: the part of the write that holds it). */
export interface CacheWritten {
  bytes: number;
  madeMs: number;
}

type CommonJsWrapper = (exports: unknown, require: NodeJS.Require, module: { exports: unknown }, filename: string, dirname: string) => void;

/**
 * Compiles `bundle` from the bytes readBundle read, with its cache when there was one; `run()` then
 * runs it (on a turn of its own, if the caller likes: the two halves each hold the thread). Throws
 * when a module in `expected` resolves to something else from the
 * bundle's file (then nothing has run). The bundle's requires of the modules in `expected` are
 * answered with them, without asking Node again.
 */
export function compileWithCodeCache(
  bundle: string,
  cacheDir: string,
  expected: Readonly<Record<string, unknown>>,
  read: BundleBytes,
): CompiledBundle {
  const started = performance.now();
  const { source, found } = read;
  const bundleName = path.basename(bundle);
  const cacheName = codeCacheFileName(bundleName, source, currentRuntime());
  const fileRequire = createRequire(bundle);
  for (const [name, value] of Object.entries(expected)) {
    if (fileRequire(name) !== value) throw new Error(`require('${name}') from ${bundle} is not the one the extension got`);
  }
  const script = new Script(wrap(source.toString('utf8')), { filename: bundle, cachedData: found.data });
  const outcome = cacheOutcome(found.kind, script.cachedDataRejected);
  let module: { exports: unknown; id: string; filename: string; loaded: boolean } | undefined;
  const run = (): unknown => {
    if (module) return module.exports;
    module = { exports: {}, id: bundle, filename: bundle, loaded: false };
    const wrapper = script.runInThisContext() as CommonJsWrapper;
    wrapper.call(module.exports, module.exports, answering(expected, fileRequire), module, bundle, path.dirname(bundle));
    module.loaded = true;
    return module.exports;
  };
  return {
    outcome,
    compileMs: performance.now() - started,
    run,
    writeCache: needsCacheWrite(outcome) ? () => writeCodeCache(script, cacheDir, bundleName, cacheName) : undefined,
  };
}

/**
 * `require` as the bundle's own file has it, with the modules in `known` answered at once: each
 * `require('vscode')` (52 in the bundle, one per source file that imports it) goes through VS
 * Code's hook, which takes the requiring file's real path (an lstat per folder) and looks up its
 * extension; the CPU profiles of the editor bench showed that inside the load's stall.
 */
function answering(known: Readonly<Record<string, unknown>>, base: NodeJS.Require): NodeJS.Require {
  const answer = (id: string): unknown => (Object.hasOwn(known, id) ? known[id] : base(id));
  return Object.assign(answer, {
    resolve: base.resolve,
    cache: base.cache,
    extensions: base.extensions,
    main: base.main,
  }) as NodeJS.Require;
}

type FoundCache = { kind: 'read'; data: Buffer } | { kind: 'absent' | 'unreadable'; data?: undefined };

/** The bundle's bytes and its cache's, as compileWithCodeCache reads them. */
export interface BundleBytes {
  source: Buffer;
  found: FoundCache;
}

/**
 * Reads the bundle and its cache without holding the thread, for compileWithCodeCache: at
 * start-up, with the server reading its own cache beside it, the synchronous reads once waited
 * 240 ms for the disk inside a stall of the extension host (npm run bench:editor, 100,000).
 */
export async function readBundle(bundle: string, cacheDir: string): Promise<BundleBytes> {
  const source = await readFile(bundle);
  const cacheName = codeCacheFileName(path.basename(bundle), source, currentRuntime());
  let found: FoundCache;
  try {
    found = { kind: 'read', data: await readFile(path.join(cacheDir, cacheName)) };
  } catch (error) {
    found = notRead(error);
  }
  return { source, found };
}

function notRead(error: unknown): FoundCache {
  return { kind: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'absent' : 'unreadable' };
}

/**
 * Writes the script's cache beside a temporary name and renames it into place, so that a start
 * never reads half a file (two windows starting at once each write a whole one); then deletes the
 * caches of older builds and runtimes.
 */
async function writeCodeCache(script: Script, cacheDir: string, bundleName: string, cacheName: string): Promise<CacheWritten> {
  const started = performance.now();
  const data = script.createCachedData();
  const madeMs = performance.now() - started;
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
  return { bytes: data.length, madeMs };
}
