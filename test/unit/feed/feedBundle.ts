/** Builds dist/feed.js for the tests that run it as a process. */
import { resolve } from 'node:path';
import * as esbuild from 'esbuild';

export const ROOT = resolve(__dirname, '../../..');
export const FEED_BUNDLE = resolve(ROOT, 'dist/feed.js');

/**
 * The same bundle as `node esbuild.mjs` makes for the feed, built alone so that work in progress
 * elsewhere in the tree cannot break these tests.
 */
export async function buildFeedBundle(): Promise<void> {
  await esbuild.build({
    entryPoints: [resolve(ROOT, 'src/feed/main.ts')],
    outfile: FEED_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'linked',
    external: ['better-sqlite3', 'pg'],
    logLevel: 'warning',
  });
}
