/**
 * Loads the server connection (src/client/connection.ts, bundled as dist/connection.js).
 * `./connection.js` is left alone by esbuild (esbuild.mjs marks it external), so in the package it
 * is the bundle beside dist/client.js, loaded with a V8 code cache kept in the extension's global
 * storage (codeCache.ts): both read off the thread, compiled on one turn and run on the next; run
 * from source, tsx maps it to
 * connection.ts, loaded by a plain require. Whatever goes wrong with the cache, the bundle loads
 * without it: the cache only saves time.
 */
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type * as vscode from 'vscode';
import { compileWithCodeCache, readBundle, type CacheWritten, type CompiledBundle } from './codeCache';
import { loadedLine, loadRoute } from './codeCacheRules';
import type * as ConnectionModule from './connection';
import { nextTurn } from './turns';

export interface LoadedConnection {
  module: typeof ConnectionModule;
  /** Writes the code cache for the next start, when this load asked for one; it logs its own failure. */
  writeCache?: () => Promise<void>;
}

/** The folder of the extension's global storage that holds the code cache, apart from the server's files. */
export const CODE_CACHE_FOLDER = 'code-cache';

let loaded: Promise<LoadedConnection> | undefined;

/** The bundle, read off the thread, compiled on a turn and run on the next when it has the cached route. */
export function loadConnection(storage: vscode.Uri, log: vscode.LogOutputChannel): Promise<LoadedConnection> {
  // Loaded once per extension host, as a plain require would be (activate() may run again after a deactivate()).
  loaded ??= loadOnce(storage, log);
  return loaded;
}

async function loadOnce(storage: vscode.Uri, log: vscode.LogOutputChannel): Promise<LoadedConnection> {
  const route = loadRoute(require.resolve('./connection.js'), storage);
  if (route.kind === 'plain') {
    log.debug(`Language client loaded without a code cache: ${route.why}`);
    return { module: plainLoad() };
  }
  let compiled: CompiledBundle;
  try {
    const cacheDir = path.join(route.cacheDir, CODE_CACHE_FOLDER);
    const read = await readBundle(route.bundle, cacheDir);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the API this extension got, to compare with the bundle's
    const vscodeApi: unknown = require('vscode');
    compiled = compileWithCodeCache(route.bundle, cacheDir, { vscode: vscodeApi }, read);
  } catch (error) {
    log.warn(`Could not load the language client with its code cache (${String(error)}); loading it without one`);
    return { module: plainLoad() };
  }
  await nextTurn();
  const started = performance.now();
  let module: typeof ConnectionModule;
  try {
    module = compiled.run() as typeof ConnectionModule;
  } catch (error) {
    log.warn(`The language client's bundle failed when run with its code cache (${String(error)}); loading it without one`);
    return { module: plainLoad() };
  }
  log.info(loadedLine(compiled.outcome, compiled.compileMs, performance.now() - started));
  const write = compiled.writeCache;
  return { module, writeCache: write && (() => writeAndLog(write, log)) };
}

function plainLoad(): typeof ConnectionModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, after activation (see above)
  return require('./connection.js') as typeof ConnectionModule;
}

/** Writes the cache; a failure is logged, once, and costs only the next start's time. */
async function writeAndLog(write: () => Promise<CacheWritten>, log: vscode.LogOutputChannel): Promise<void> {
  try {
    const { bytes, madeMs } = await write();
    log.info(`Language client's code cache written for the next start (${Math.round(bytes / 1024)} KB, made in ${Math.round(madeMs)} ms)`);
  } catch (error) {
    log.warn(`Could not write the language client's code cache (${String(error)}); the next start loads it without one`);
  }
}
