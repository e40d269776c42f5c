/**
 * Loads the server connection (src/client/connection.ts, bundled as dist/connection.js).
 * `./connection.js` is left alone by esbuild (esbuild.mjs marks it external), so in the package it
 * is the bundle beside dist/client.js; run from source, tsx maps it to connection.ts.
 */
import type * as ConnectionModule from './connection';

export function loadConnection(): typeof ConnectionModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, after activation (see above)
  return require('./connection.js') as typeof ConnectionModule;
}
