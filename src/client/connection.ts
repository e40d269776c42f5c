/**
 * The entry of the language client's bundle (dist/connection.js), which loadConnection.ts runs in
 * steps. Run whole, the bundle's top level took one turn of 150–320 ms of the extension host at
 * start-up (npm run bench:editor: a cold start without a code cache, and a warm one with it), most
 * of it running vscode-languageclient, the protocol and JSON-RPC, module after module. esbuild
 * wraps each bundled module in a function run at its first `require`, so this top level runs none
 * of them: `steps` requires them from the bottom of the tree up, one step a turn, each about a
 * sixth of the whole or less (timed in a plain Node process: 4–14 ms of 70), so that the editor's
 * other work gets the thread between them. `serverConnection()` then runs ours, whose requires are
 * all done by then.
 *
 * Each step names a module the language client requires anyway: test/unit/client/activationBundle.test.ts
 * checks that the steps add nothing to the bundle. Run from source (tests), they are plain requires.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- the point of this file: modules run when asked, not on load */
import type * as ServerConnection from './serverConnection';

export const steps: ReadonlyArray<() => unknown> = [
  () => [require('semver/functions/parse'), require('semver/functions/satisfies'), require('vscode-jsonrpc/lib/common/api')],
  // The client's constructor checks VS Code's version with semver, whose first run compiles its
  // regular expressions: 194 ms of one start in the editor bench, inside the client's creation.
  () => (require('semver/functions/satisfies') as (version: string, range: string) => boolean)('1.82.0', '^1.82.0'),
  () => require('vscode-jsonrpc/node'),
  () => [require('vscode-languageserver-types'), require('vscode-languageserver-protocol/lib/common/messages')],
  () => require('vscode-languageserver-protocol/lib/common/protocol'),
  () => [
    require('vscode-languageserver-protocol/node'),
    require('vscode-languageclient/lib/common/codeConverter'),
    require('vscode-languageclient/lib/common/protocolConverter'),
  ],
  () => require('vscode-languageclient/lib/common/client'),
  () => require('vscode-languageclient/node'),
];

/** Our connection module, run once the steps ran (or, if they did not, with all they would have run). */
export function serverConnection(): typeof ServerConnection {
  return require('./serverConnection') as typeof ServerConnection;
}
