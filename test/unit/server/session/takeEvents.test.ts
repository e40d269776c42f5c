/**
 * Pushed updates of a session (takeEvents.ts) on a fake clock: the stream opens after a good sync,
 * a burst of changes is one sync, a change the session already has is none, a decision tells the
 * editor once the sync is over, and stopping (a new token) ends the stream.
 */
import { strict as assert } from 'node:assert';
import { FeedClient } from '../../../../src/server/feed/client';
import type { StreamHealth } from '../../../../src/server/feed/eventStream';
import { PUSH_DEBOUNCE_MS, PushedUpdates } from '../../../../src/server/session/takeEvents';
import { change, FakeClock, FakeFeed, ready, until } from '../feed/fakeStreams';

function harness(opts: { enabled?: boolean; syncToken?: string } = {}) {
  const clock = new FakeClock();
  const feed = new FakeFeed();
  const requests: Request[] = [];
  // A real FeedClient whose fetch answers the events request with the fake feed's stream.
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    requests.push(request);
    const body = await feed.open(request.headers.get('last-event-id') ?? undefined, init!.signal!);
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  }) as typeof fetch;
  const client = new FeedClient({ baseUrl: 'http://127.0.0.1:9', token: 'tok_abc', timeoutMs: 1000, fetchImpl });
  const syncs: string[] = [];
  const finishSync: Array<() => void> = [];
  let decisionsChanged = 0;
  const health: StreamHealth[] = [];
  const pushed = new PushedUpdates({
    project: 'acme',
    enabled: () => opts.enabled ?? true,
    client: () => client,
    syncToken: () => opts.syncToken,
    sync: (kind) => {
      syncs.push(kind);
      return new Promise<void>((resolve) => finishSync.push(resolve));
    },
    decisionsChanged: () => void decisionsChanged++,
    healthChanged: (h) => health.push(h),
    log: () => undefined,
    clock,
  });
  return { clock, feed, requests, syncs, finishSync, pushed, health, decisions: () => decisionsChanged };
}

async function live(h: ReturnType<typeof harness>): Promise<void> {
  h.pushed.syncSucceeded();
  await until('the stream is opened', () => h.feed.opened.length === 1);
  h.feed.last.write(ready());
  await until('live', () => h.pushed.live);
  // The catch-up sync after `ready` (nothing was replayed), out of the way.
  h.clock.advance(PUSH_DEBOUNCE_MS);
  h.finishSync.shift()?.();
  h.syncs.length = 0;
}

describe('PushedUpdates (takeEvents)', () => {
  it('opens one stream after a good sync, with the token and to the feed origin only', async () => {
    const h = harness();
    await live(h);
    h.pushed.syncSucceeded();
    h.pushed.syncSucceeded();
    assert.equal(h.requests.length, 1, 'one stream per session');
    assert.equal(h.requests[0]!.url, 'http://127.0.0.1:9/v1/projects/acme/events');
    assert.equal(h.requests[0]!.headers.get('authorization'), 'Bearer tok_abc');
    assert.deepEqual(
      h.health.map((x) => x.kind),
      ['connecting', 'live'],
    );
    h.pushed.close();
  });

  it('opens no stream when the setting is off', async () => {
    const h = harness({ enabled: false });
    h.pushed.syncSucceeded();
    await new Promise<void>((resolve) => setImmediate(resolve));
    assert.equal(h.requests.length, 0);
  });

  it('syncs once for a burst of changes, and tells the editor of decisions once that sync is over', async () => {
    const h = harness();
    await live(h);
    h.feed.last.write(change('decision', 't1') + change('decision', 't2') + change('findings', 't3'));
    await until('three events', () => h.clock.nextIn() === PUSH_DEBOUNCE_MS);
    await new Promise<void>((resolve) => setImmediate(resolve));
    assert.deepEqual(h.syncs, [], 'no sync before the debounce');
    h.clock.advance(PUSH_DEBOUNCE_MS);
    assert.deepEqual(h.syncs, ['incremental'], 'one sync for three events');
    assert.equal(h.decisions(), 0, 'told before the sync was over');
    h.finishSync.shift()!();
    await until('told', () => h.decisions() === 1);
    h.pushed.close();
  });

  it('a findings event syncs without telling of decisions', async () => {
    const h = harness();
    await live(h);
    h.feed.last.write(change('findings', 't4'));
    await until('debounce armed', () => h.clock.nextIn() === PUSH_DEBOUNCE_MS);
    h.clock.advance(PUSH_DEBOUNCE_MS);
    h.finishSync.shift()!();
    await new Promise<void>((resolve) => setImmediate(resolve));
    assert.deepEqual(h.syncs, ['incremental']);
    assert.equal(h.decisions(), 0);
    h.pushed.close();
  });

  it('does not sync for a change the session already has (its own decision, synced)', async () => {
    const h = harness({ syncToken: 't8' });
    await live(h);
    h.feed.last.write(change('decision', 't8'));
    await new Promise<void>((resolve) => setImmediate(resolve));
    await new Promise<void>((resolve) => setImmediate(resolve));
    h.clock.advance(PUSH_DEBOUNCE_MS);
    assert.deepEqual(h.syncs, []);
    h.pushed.close();
  });

  it('a full resync asks for a full sync', async () => {
    const h = harness();
    await live(h);
    h.feed.last.write('event: resync\ndata: {"reason":"unknown_event_id","sync":"full","message":"reset"}\n\n');
    await until('debounce armed', () => h.clock.nextIn() === PUSH_DEBOUNCE_MS);
    h.clock.advance(PUSH_DEBOUNCE_MS);
    assert.deepEqual(h.syncs, ['full']);
    h.pushed.close();
  });

  it('stop (a new token) ends the stream and drops a pending sync; the next good sync opens a new one', async () => {
    const h = harness();
    await live(h);
    h.feed.last.write(change('decision', 't5'));
    await until('debounce armed', () => h.clock.nextIn() === PUSH_DEBOUNCE_MS);
    const first = h.feed.last;
    h.pushed.stop();
    assert.ok(first.signal.aborted, 'the old stream is still open');
    h.clock.advance(PUSH_DEBOUNCE_MS);
    assert.deepEqual(h.syncs, []);
    assert.equal(h.pushed.live, false);
    h.pushed.syncSucceeded();
    await until('a new stream', () => h.feed.opened.length === 2);
    h.pushed.close();
    h.pushed.syncSucceeded();
    await new Promise<void>((resolve) => setImmediate(resolve));
    assert.equal(h.feed.opened.length, 2, 'a closed session opened a stream');
  });
});
