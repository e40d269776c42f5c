/**
 * Loads the panel host (src/client/panel/panelHost.ts, bundled as dist/panelHost.js) on first use.
 * `./panelHost.js` is left alone by esbuild (esbuild.mjs marks it external), so in the package it
 * is the bundle beside dist/client.js; run from source, tsx maps it to panelHost.ts.
 */
import type * as PanelHostModule from './panelHost';

export function loadPanelHost(): typeof PanelHostModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, after activation (see above)
  return require('./panelHost.js') as typeof PanelHostModule;
}
