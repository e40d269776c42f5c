/**
 * The language server bundle over stdio when the feed URL or the project changes: nothing of the
 * feed left is shown or remembered for the next one, and coming back shows its cache.
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type * as protocol from '../../src/shared/protocol';
import { PROJECT, seedFindings, startWorld, workspaceUri, type World } from './world';

/** A loopback URL nothing listens on: every request fails at once (connection refused). */
async function deadFeedUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** A feed that answers 500 to everything. */
async function failingFeed(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => res.writeHead(500).end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

type Offline = Extract<protocol.SyncState, { kind: 'offline' }>;

function configure(world: World, feedUrl: string, project: string): Promise<void> {
  return world.server.connection.sendNotification('workspace/didChangeConfiguration', {
    settings: { findingsLens: { feedUrl, project, requestTimeout: 2, pollInterval: 3600 } },
  });
}

describe('language server over stdio, when the feed or project changes', function () {
  this.timeout(60_000);
  const seed = seedFindings();
  const files = [...new Set(seed.map((f) => workspaceUri(f.location.path)))];
  let world: World;
  beforeEach(async () => {
    world = await startWorld();
    await world.server.waitForState('upToDate');
    await world.server.waitFor('every file published', () => files.every((uri) => (world.server.diagnostics.get(uri) ?? []).length > 0));
  });
  afterEach(() => world?.stop());

  it("clears the project left, shows nothing of it in the next, and shows the first one's cache at once when it comes back", async () => {
    const statusMark = world.server.statuses.length;
    await configure(world, world.feed.url, 'a-project-dana-is-not-in');
    await world.server.waitFor('every file cleared', () => files.every((uri) => world.server.diagnostics.get(uri)?.length === 0));
    const refused = await world.server.waitFor('the other project refused', () =>
      world.server.statuses.slice(statusMark).find((s) => s.state.kind === 'error'),
    );
    assert.equal(refused.counts.total, 0, "the first project's findings are not counted for the second");
    assert.deepEqual(await world.server.connection.sendRequest('findingsLens/listFindings'), []);

    const logMark = world.server.logs.length;
    await configure(world, world.feed.url, PROJECT);
    await world.server.waitFor('the cache shown', () =>
      world.server.logs.slice(logMark).find((l) => l.includes(`showing ${seed.length} cached finding(s)`)),
    );
    await world.server.waitFor('every file published again', () =>
      files.every((uri) => (world.server.diagnostics.get(uri) ?? []).length > 0),
    );
    await world.server.waitForState('upToDate', statusMark);
  });

  it("says since when the next feed is unreachable from its own outage, not from the last feed's", async () => {
    let statusMark = world.server.statuses.length;
    await configure(world, await deadFeedUrl(), PROJECT);
    const first = await world.server.waitForState('offline', statusMark);
    const firstSince = Date.parse((first.state as Offline).since);

    const failing = await failingFeed();
    try {
      const switchedAt = Date.now();
      assert.ok(switchedAt > firstSince);
      statusMark = world.server.statuses.length;
      await configure(world, failing.url, PROJECT);
      const next = await world.server.waitFor('the next feed offline with its server error', () =>
        world.server.statuses.slice(statusMark).find((s) => s.state.kind === 'offline' && /server error/.test(s.state.message)),
      );
      const since = Date.parse((next.state as Offline).since);
      assert.ok(
        since >= switchedAt,
        `offline since ${new Date(since).toISOString()}, but the switch was at ${new Date(switchedAt).toISOString()}`,
      );
    } finally {
      await failing.close();
    }
  });
});
