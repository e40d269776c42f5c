/**
 * Pushed updates through the real server bundle against the reference feed: with the poll an hour
 * away, a decision another user POSTs reaches this server as an incremental sync within two seconds,
 * and the server tells the editor that decisions changed. A stream the feed refuses leaves the
 * server polling, and its status says so.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as protocol from '../../src/shared/protocol';
import { decideAs } from '../feedAsUser';
import { openStream, type TestStream } from '../unit/feed/eventStream';
import { ServerUnderTest } from './lspClient';
import { admin, PROJECT, startWorld, WORKSPACE, type World } from './world';

interface Logged {
  method: string;
  path: string;
  query: Record<string, string>;
  user?: string;
}

async function requests(world: World): Promise<Logged[]> {
  return (await admin(world.feed, 'GET', '/__admin/requests')) as Logged[];
}

describe('pushed updates (server over stdio, reference feed)', function () {
  this.timeout(60_000);

  describe('a healthy stream', () => {
    let world: World;
    before(async () => {
      world = await startWorld({ settings: { pollInterval: 3600, pushUpdates: true } });
      await world.server.waitForState('upToDate');
      await world.server.waitFor('updates pushed', () => world.server.lastStatus?.updates?.mode === 'pushed');
    });
    after(async () => world?.stop());

    it('says in its status and log that updates are pushed, and that the poll relaxed', () => {
      assert.match(world.server.lastStatus!.updates!.message, /pushed by the feed.*relaxed to once an hour/);
      assert.ok(
        world.server.logs.some((l) => /Updates are pushed by the feed/.test(l)),
        world.server.logs.join('\n'),
      );
      assert.ok(
        world.server.logs.some((l) => /GET \/v1\/projects\/acme-payments\/events → 200, stream open/.test(l)),
        world.server.logs.join('\n'),
      );
    });

    it("syncs another user's decision at once (incremental, no poll) and tells the editor decisions changed", async () => {
      // Whatever the stream's opening caused (its catch-up sync) is over before the decision.
      await world.server.waitFor('the catch-up sync', () => world.server.syncsEnded.some((s) => s.trigger === 'push'));
      await admin(world.feed, 'DELETE', '/__admin/requests');
      const syncsBefore = world.server.syncsEnded.length;
      const decisionsBefore = world.server.decisionsChanges;

      const { decision, answeredAt } = await decideAs(world.feed.url, world.feed.tokens.lee!, PROJECT, 'AP-104', {
        action: 'dispute',
        reason: 'false_positive',
        comment: 'pushed from another window',
      });
      const ended = await world.server.waitFor(
        'a pushed sync that brought the decision',
        () => world.server.syncsEnded.slice(syncsBefore).find((s) => s.trigger === 'push' && s.result.changed > 0),
        5_000,
      );
      await world.server.waitFor('decisionsChanged', () => world.server.decisionsChanges > decisionsBefore, 5_000);
      const latencyMs = Date.now() - answeredAt;
      console.log(`      another user's decision → this server's decisionsChanged: ${latencyMs} ms`);
      assert.ok(latencyMs < 2_000, `took ${latencyMs} ms`);
      assert.equal(ended.result.ok, true);

      const details = await world.server.connection.sendRequest(protocol.getFinding, { id: 'AP-104' });
      assert.equal(details?.finding.triage?.id, decision.id, 'the decision is not in the server');
      assert.equal(details?.finding.triage?.actor.id, 'lee');

      const danas = (await requests(world)).filter((r) => r.user === 'dana');
      const syncs = danas.filter((r) => r.method === 'GET' && r.path.endsWith('/findings'));
      assert.equal(syncs.length, 1, `one sync for one decision: ${JSON.stringify(danas)}`);
      assert.ok(syncs[0]!.query.since, 'the pushed sync was not incremental');
      assert.equal(danas.filter((r) => r.path.endsWith('/events')).length, 0, 'the stream was opened again');
    });

    it('says at once, when the setting turns them off, that updates are polled, and the stream ends', async () => {
      await world.server.connection.sendNotification('workspace/didChangeConfiguration', {
        settings: {
          findingsLens: { feedUrl: world.feed.url, project: PROJECT, requestTimeout: 2, pollInterval: 3600, pushUpdates: false },
        },
      });
      await world.server.waitFor('updates polled', () => world.server.lastStatus?.updates?.mode === 'polled', 5_000);
      assert.match(world.server.lastStatus!.updates!.message, /polled every 60 min \(findingsLens\.feed\.pushUpdates is off\)/);
      assert.ok(
        world.server.logs.some((l) => /pushUpdates is off/.test(l)),
        world.server.logs.join('\n'),
      );
      // Another user's decision now waits for the poll: no sync is pushed.
      const syncsBefore = world.server.syncsEnded.length;
      await decideAs(world.feed.url, world.feed.tokens.lee!, PROJECT, 'AP-105', {
        action: 'acknowledge',
        reason: 'will_fix',
        comment: 'not pushed',
      });
      assert.equal((await world.server.syncNow()).changed, 1, 'Sync Now brings it');
      assert.deepEqual(
        world.server.syncsEnded.slice(syncsBefore).map((s) => s.trigger),
        ['manual'],
      );
    });
  });

  describe('a stream the feed refuses', () => {
    let world: World;
    let server: ServerUnderTest | undefined;
    let storage: string;
    const streams: TestStream[] = [];
    before(async () => {
      world = await startWorld({ settings: { pushUpdates: true } });
      await world.server.waitForState('upToDate');
      storage = mkdtempSync(path.join(os.tmpdir(), 'fl-push-'));
    });
    after(async () => {
      for (const s of streams) s.close();
      await server?.stop();
      await world?.stop();
      rmSync(storage, { recursive: true, force: true });
    });

    it('polls on a 429 and says so in its status', async () => {
      // Lee's token holds every stream one token may keep open on the feed (4): the next is refused.
      for (let i = 0; i < 4; i++) streams.push(await openStream(world.feed.url, world.feed.tokens.lee!, PROJECT));
      assert.ok(streams.every((s) => s.status === 200));
      server = await ServerUnderTest.start({
        workspaceUri: WORKSPACE.toString(),
        settings: { feedUrl: world.feed.url, project: PROJECT, requestTimeout: 2, pollInterval: 3600 },
        storagePath: storage,
        token: world.feed.tokens.lee!,
      });
      await server.waitForState('upToDate');
      const status = await server.waitFor('updates polled with the reason', () =>
        server!.statuses.find((s) => s.updates?.mode === 'polled' && /refused the stream for now \(429\)/.test(s.updates.message)),
      );
      assert.match(status.updates!.message, /polled every 60 min/);
      assert.ok(
        server.logs.some((l) => /event stream: the feed refused the stream for now \(429\); updates are polled/.test(l)),
        server.logs.join('\n'),
      );
    });
  });
});
