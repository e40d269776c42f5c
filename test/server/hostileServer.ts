/**
 * One language server against one hostile feed (hostileFeed.ts) for each test of the `describe`
 * this is called in: a storage folder of its own, and the server, the feed and the folder gone
 * after the test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startHostileFeed, type HostileFeed, type PageHandler } from './hostileFeed';
import { ServerUnderTest } from './lspClient';
import { PROJECT, WORKSPACE } from './world';

export interface HostileServers {
  /** Starts the feed and the server; with `token: false` the test hands the token over itself (after opening files, say). */
  start(handler: PageHandler, opts?: { token?: boolean }): Promise<ServerUnderTest>;
  /** The feed of this test's server. */
  feed(): HostileFeed;
}

export function hostileServerPerTest(prefix: string): HostileServers {
  let feed: HostileFeed | undefined;
  let server: ServerUnderTest | undefined;
  let storagePath: string;
  beforeEach(() => {
    storagePath = mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  afterEach(async () => {
    await server?.stop();
    await feed?.close();
    server = feed = undefined;
    rmSync(storagePath, { recursive: true, force: true });
  });
  return {
    async start(handler, { token = true } = {}) {
      feed = await startHostileFeed(handler);
      server = await ServerUnderTest.start({
        workspaceUri: WORKSPACE.toString(),
        settings: { feedUrl: feed.url, project: PROJECT, requestTimeout: 20, pollInterval: 3600 },
        storagePath,
        ...(token ? { token: feed.token } : {}),
      });
      return server;
    },
    feed() {
      if (!feed) throw new Error('no feed: start() was not called in this test');
      return feed;
    },
  };
}
