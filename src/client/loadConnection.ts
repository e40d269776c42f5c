/**
 * Loads the server connection (src/client/serverConnection.ts, bundled as dist/connection.js with
 * connection.ts as its entry). `./connection.js` is left alone by esbuild (esbuild.mjs marks it
 * external), so in the package it is the bundle beside dist/client.js, loaded with a V8 code cache
 * kept in the extension's global storage (codeCache.ts): both read off the thread, compiled on one
 * turn, its top level run on the next, then its steps (connection.ts) on a turn each; run from
 * source, tsx maps it to connection.ts, loaded by a plain require and run in the same steps.
 * Whatever goes wrong with the cache, the bundle loads without it: the cache only saves time.
 */
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type * as vscode from 'vscode';
import { compileWithCodeCache, readBundle, type CacheWritten, type CompiledBundle } from './codeCache';
import { loadedLine, loadRoute, type StepsTaken } from './codeCacheRules';
import type * as BundleEntry from './connection';
import type * as ConnectionModule from './serverConnection';
import { nextTurn } from './turns';

export interface LoadedConnection {
  module: typeof ConnectionModule;
  /** Writes the code cache for the next start, when this load asked for one; it logs its own failure. */
  writeCache?: () => Promise<void>;
}

/** The folder of the extension's global storage that holds the code cache, apart from the server's files. */
export const CODE_CACHE_FOLDER = 'code-cache';

let loaded: Promise<LoadedConnection> | undefined;

/**
 * The bundle, read off the thread, compiled on a turn and its top level run on the next when it has
 * the cached route; then its steps, on a turn each, and our module.
 */
export function loadConnection(storage: vscode.Uri, log: vscode.LogOutputChannel): Promise<LoadedConnection> {
  // Loaded once per extension host, as a plain require would be (activate() may run again after a deactivate()).
  loaded ??= loadOnce(storage, log);
  return loaded;
}

async function loadOnce(storage: vscode.Uri, log: vscode.LogOutputChannel): Promise<LoadedConnection> {
  const entry = await loadEntry(storage, log);
  const { value: module, taken } = await runSteps(entry.module.steps, () => entry.module.serverConnection());
  if (entry.compiled) log.info(loadedLine(entry.compiled.outcome, entry.compiled.compileMs, entry.topLevelMs, taken));
  else
    log.debug(
      `Language client loaded without a code cache (${entry.why}) in ${taken.count} steps of at most ${Math.round(taken.longestMs)} ms`,
    );
  const write = entry.compiled?.writeCache;
  return { module, writeCache: write && (() => writeAndLog(write, log)) };
}

/** The bundle's entry, run: with the code cache (compiled on one turn, its top level run on the next), or by a plain require. */
type LoadedEntry = { module: typeof BundleEntry } & (
  { compiled: CompiledBundle; topLevelMs: number } | { compiled?: undefined; why: string }
);

async function loadEntry(storage: vscode.Uri, log: vscode.LogOutputChannel): Promise<LoadedEntry> {
  const route = loadRoute(require.resolve('./connection.js'), storage);
  if (route.kind === 'plain') return { module: plainLoad(), why: route.why };
  let compiled: CompiledBundle;
  try {
    const cacheDir = path.join(route.cacheDir, CODE_CACHE_FOLDER);
    const read = await readBundle(route.bundle, cacheDir);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the API this extension got, to compare with the bundle's
    const vscodeApi: unknown = require('vscode');
    compiled = compileWithCodeCache(route.bundle, cacheDir, { vscode: vscodeApi }, read);
  } catch (error) {
    log.warn(`Could not load the language client with its code cache (${String(error)}); loading it without one`);
    return { module: plainLoad(), why: 'its code cache could not be used' };
  }
  await nextTurn();
  const started = performance.now();
  try {
    return { module: compiled.run() as typeof BundleEntry, compiled, topLevelMs: performance.now() - started };
  } catch (error) {
    log.warn(`The language client's bundle failed when run with its code cache (${String(error)}); loading it without one`);
    return { module: plainLoad(), why: 'its bundle failed when run with its code cache' };
  }
}

/** Runs `steps`, then `last`, each on a turn of its own: what `last` returned, and how long they took. */
export async function runSteps<T>(
  steps: ReadonlyArray<() => unknown>,
  last: () => T,
  turn: () => Promise<void> = nextTurn,
): Promise<{ value: T; taken: StepsTaken }> {
  const taken: StepsTaken = { count: 0, longestMs: 0, allMs: 0 };
  const timed = async <R>(step: () => R): Promise<R> => {
    await turn();
    const started = performance.now();
    const result = step();
    const ms = performance.now() - started;
    taken.count += 1;
    taken.longestMs = Math.max(taken.longestMs, ms);
    taken.allMs += ms;
    return result;
  };
  for (const step of steps) await timed(step);
  return { value: await timed(last), taken };
}

function plainLoad(): typeof BundleEntry {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, after activation (see above)
  return require('./connection.js') as typeof BundleEntry;
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
