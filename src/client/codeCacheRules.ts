/**
 * The decisions of the language client's code cache (codeCache.ts), apart from its file system:
 * which file a bundle's cache lives in, which route a load takes, what a load's outcome asks for
 * next, and which old cache files go.
 */
import { createHash } from 'node:crypto';

/** The runtime a code cache was made by: V8 rejects a cache from another one, so it is in the name. */
export interface Runtime {
  node: string;
  v8: string;
}

export const currentRuntime = (): Runtime => ({ node: process.version, v8: process.versions.v8 });

/**
 * `connection.js.<hash of the bundle's bytes>.node-<version>.v8-<version>.cache`: a new build or a
 * new runtime never reads another's cache (V8 would reject most of those, but a rejected cache is
 * still read and checked, and the name costs nothing).
 */
export function codeCacheFileName(bundleName: string, source: Uint8Array, runtime: Runtime): string {
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const safe = (text: string) => text.replace(/[^\w.-]/g, '_');
  return `${safe(bundleName)}.${hash}.node-${safe(runtime.node)}.v8-${safe(runtime.v8)}.cache`;
}

/** The cache files of `bundleName` other than `keep` (older builds' or runtimes'), to delete once `keep` is written. */
export function staleCacheFiles(names: readonly string[], bundleName: string, keep: string): string[] {
  return names.filter((name) => name.startsWith(`${bundleName}.`) && name.endsWith('.cache') && name !== keep);
}

/** How the language client's bundle is loaded, and why. */
export type LoadRoute = { kind: 'cached'; bundle: string; cacheDir: string } | { kind: 'plain'; why: string };

/**
 * `resolved` is the file a plain `require('./connection.js')` would load. Only a JavaScript file is
 * compiled by us: run from source (tests, tsx) it resolves to connection.ts, which tsx compiles,
 * and a plain require stays. The cache goes to the extension's global storage, and only when that
 * is a folder on this machine.
 */
export function loadRoute(resolved: string, storage: { scheme: string; fsPath: string }): LoadRoute {
  if (!resolved.endsWith('.js')) return { kind: 'plain', why: `run from source (${resolved.split(/[\\/]/).pop() ?? resolved})` };
  if (storage.scheme !== 'file') return { kind: 'plain', why: `the extension's storage is not on this machine (${storage.scheme}:)` };
  return { kind: 'cached', bundle: resolved, cacheDir: storage.fsPath };
}

/** What became of the cache when the bundle was loaded. */
export type CacheOutcome = 'used' | 'absent' | 'rejected' | 'unreadable';

/** `found`: whether a cache file was read; `rejected`: V8's verdict on it (script.cachedDataRejected). */
export function cacheOutcome(found: 'read' | 'absent' | 'unreadable', rejected: boolean | undefined): CacheOutcome {
  if (found !== 'read') return found;
  return rejected === false ? 'used' : 'rejected';
}

/** A cache is written after the load unless V8 used the one it found. */
export function needsCacheWrite(outcome: CacheOutcome): boolean {
  return outcome !== 'used';
}

/** How the bundle's steps went (connection.ts): how many, the longest, and all of them. */
export interface StepsTaken {
  count: number;
  longestMs: number;
  allMs: number;
}

/** The log line of a load through the cache route: what became of the cache, and the time each part held the thread. */
export function loadedLine(outcome: CacheOutcome, compileMs: number, topLevelMs: number, steps: StepsTaken): string {
  const what: Record<CacheOutcome, string> = {
    used: 'with its code cache',
    absent: 'without a code cache (none yet; one is written for the next start)',
    rejected: 'without a code cache (V8 rejected the one found: damaged, or made under other V8 flags; a new one is written)',
    unreadable: 'without a code cache (the cache file could not be read; a new one is written)',
  };
  const ms = (value: number) => `${Math.round(value)} ms`;
  return (
    `Language client loaded ${what[outcome]}: read and compiled in ${ms(compileMs)}, its top level run in ${ms(topLevelMs)}, ` +
    `then ${steps.count} steps of at most ${ms(steps.longestMs)} (${ms(steps.allMs)} in all), each on a turn of its own`
  );
}
