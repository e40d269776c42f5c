/**
 * The event stream client on a fake clock and a fake feed: what it reports, when it reconnects and
 * with which Last-Event-ID, when it gives up for polling, and that nothing a feed sends crashes it.
 */
import { strict as assert } from 'node:assert';
import { FeedEventStream, STREAM_BOUNDS, type StreamHealth } from '../../../../src/server/feed/eventStream';
import { FeedRequestError } from '../../../../src/server/feed/errors';
import { change, FakeClock, FakeFeed, ready, refusal, until } from './fakeStreams';

function harness() {
  const clock = new FakeClock();
  const feed = new FakeFeed();
  const changes: string[] = [];
  const catchUps: string[] = [];
  const health: StreamHealth[] = [];
  const logs: string[] = [];
  const stream = new FeedEventStream({
    project: 'acme',
    open: feed.open,
    onChange: (kind, token) => changes.push(`${kind} ${token}`),
    onCatchUp: (sync) => catchUps.push(sync),
    onHealth: (h) => health.push(h),
    log: (level, msg) => logs.push(`${level} ${msg}`),
    clock,
    // The backoff's jitter at its ceiling: the waits are known.
    random: () => 0.999,
  });
  return { clock, feed, changes, catchUps, health, logs, stream, kinds: () => health.map((h) => h.kind) };
}

describe('FeedEventStream', () => {
  it('goes live on ready, syncs once to cover what came before the stream, and reports each change', async () => {
    const h = harness();
    h.stream.start();
    await until('the stream is opened', () => h.feed.opened.length === 1);
    assert.equal(h.feed.last.lastEventId, undefined);
    h.feed.last.write(ready());
    await until('live', () => h.stream.health.kind === 'live');
    assert.deepEqual(h.catchUps, ['incremental']);
    h.feed.last.write(change('decision', 't5') + change('review', 't6'));
    await until('two changes', () => h.changes.length === 2);
    assert.deepEqual(h.changes, ['decision t5', 'review t6']);
    assert.deepEqual(h.kinds(), ['connecting', 'live']);
    h.stream.close();
  });

  it('reconnects with backoff after the stream ends, resuming from the last event id, without another catch-up sync', async () => {
    const h = harness();
    h.stream.start();
    await until('opened', () => h.feed.opened.length === 1);
    h.feed.last.write(ready() + change('findings', 't7'));
    await until('a change', () => h.changes.length === 1);
    h.feed.last.end();
    await until('lost', () => h.stream.health.kind === 'connecting');
    const wait = h.clock.nextIn();
    assert.ok(wait !== undefined && wait > 0 && wait <= 1_000, `first reconnect after ${wait} ms`);
    h.clock.advance(wait);
    await until('reopened', () => h.feed.opened.length === 2);
    assert.equal(h.feed.last.lastEventId, 't7');
    h.feed.last.write(ready());
    await until('live again', () => h.stream.health.kind === 'live');
    assert.deepEqual(h.catchUps, ['incremental'], 'a resumed stream replays; no catch-up sync');
    h.stream.close();
  });

  it('takes a stream silent for twice the heartbeat interval as dead, and heartbeats keep it alive', async () => {
    const h = harness();
    h.stream.start();
    await until('opened', () => h.feed.opened.length === 1);
    h.feed.last.write(ready('acme', 5));
    await until('live', () => h.stream.health.kind === 'live');
    const first = h.feed.last;
    h.clock.advance(9_000);
    first.write(': heartbeat\n\n');
    await new Promise<void>((resolve) => setImmediate(resolve));
    h.clock.advance(9_000);
    assert.equal(h.stream.health.kind, 'live', 'a heartbeat 9 s in kept the stream');
    h.clock.advance(1_001);
    assert.equal(h.stream.health.kind, 'connecting', 'silent for 10 s (2 × 5 s): dead');
    assert.ok(first.signal.aborted, 'the dead connection was dropped');
    assert.ok(
      h.logs.some((l) => /no heartbeat for 10 s/.test(l)),
      h.logs.join('\n'),
    );
    h.clock.advance(h.clock.nextIn()!);
    await until('reopened', () => h.feed.opened.length === 2);
    h.stream.close();
  });

  for (const [status, retryAfter, expectedWait] of [
    [429, 7_000, 7_000],
    [503, undefined, STREAM_BOUNDS.pollingWaitMs],
    [401, undefined, STREAM_BOUNDS.refusedWaitMs],
    [403, undefined, STREAM_BOUNDS.refusedWaitMs],
    [404, undefined, STREAM_BOUNDS.refusedWaitMs],
  ] as const) {
    it(`falls back to polling when the stream is refused with ${status}, and tries again ${expectedWait / 1000} s later`, async () => {
      const h = harness();
      h.feed.refusals.push(refusal(status, retryAfter));
      h.stream.start();
      await until('polling', () => h.stream.health.kind === 'polling');
      const polling = h.stream.health as Extract<StreamHealth, { kind: 'polling' }>;
      assert.equal(polling.retryAt, expectedWait);
      assert.match(polling.reason, new RegExp(String(status)));
      h.clock.advance(expectedWait - 1);
      await new Promise<void>((resolve) => setImmediate(resolve));
      assert.equal(h.feed.opened.length, 0, 'tried again too soon');
      h.clock.advance(1);
      await until('tried again', () => h.feed.opened.length === 1);
      h.stream.close();
    });
  }

  it('falls back to polling after failing five times in a row, with growing waits between', async () => {
    const h = harness();
    for (let i = 0; i < STREAM_BOUNDS.failuresBeforePolling; i++) h.feed.refusals.push(new FeedRequestError('network', 'ECONNREFUSED'));
    h.stream.start();
    const waits: number[] = [];
    const polling = () => h.stream.health.kind === 'polling';
    for (let i = 0; i < 10 && !polling(); i++) {
      await until('a wait', () => h.clock.nextIn() !== undefined);
      if (polling()) break;
      waits.push(h.clock.nextIn()!);
      h.clock.advance(h.clock.nextIn()!);
    }
    assert.equal(waits.length, STREAM_BOUNDS.failuresBeforePolling - 1);
    for (let i = 1; i < waits.length; i++) assert.ok(waits[i]! > waits[i - 1]!, `waits grow: ${waits.join(', ')}`);
    assert.match((h.stream.health as { reason: string }).reason, /failed 5 times/);
  });

  it('ready resets the failures: a stream that comes and goes is not given up', async () => {
    const h = harness();
    h.stream.start();
    for (let round = 0; round < STREAM_BOUNDS.failuresBeforePolling + 2; round++) {
      await until(`open ${round}`, () => h.feed.opened.length === round + 1);
      h.feed.last.write(ready());
      await until('live', () => h.stream.health.kind === 'live');
      h.feed.last.fail();
      await until('lost', () => h.stream.health.kind === 'connecting');
      h.clock.advance(h.clock.nextIn()!);
    }
    assert.notEqual(h.stream.health.kind, 'polling');
    h.stream.close();
  });

  it('reconnects after a shutdown at the retryMs it names, and polls after access_revoked', async () => {
    const h = harness();
    h.stream.start();
    await until('opened', () => h.feed.opened.length === 1);
    h.feed.last.write(ready() + change('decision', 't9') + 'event: shutdown\ndata: {"reason":"shutting_down","retryMs":2500}\n\n');
    await until('lost', () => h.stream.health.kind === 'connecting');
    assert.equal(h.clock.nextIn(), 2_500);
    h.clock.advance(2_500);
    await until('reopened', () => h.feed.opened.length === 2);
    assert.equal(h.feed.last.lastEventId, 't9');
    h.feed.last.write(ready() + 'event: shutdown\ndata: {"reason":"access_revoked","retryMs":0}\n\n');
    await until('polling', () => h.stream.health.kind === 'polling');
    assert.equal(h.clock.nextIn(), STREAM_BOUNDS.refusedWaitMs);
    h.stream.close();
  });

  it('asks for the sync a resync names, and forgets an id the feed does not know', async () => {
    const h = harness();
    h.stream.start();
    await until('opened', () => h.feed.opened.length === 1);
    h.feed.last.write(ready() + change('findings', 't3'));
    h.feed.last.write('event: resync\ndata: {"reason":"unknown_event_id","sync":"full","message":"reset"}\n\n');
    await until('resync', () => h.catchUps.length === 2);
    assert.deepEqual(h.catchUps, ['incremental', 'full']);
    h.feed.last.end();
    await until('lost', () => h.stream.health.kind === 'connecting');
    h.clock.advance(h.clock.nextIn()!);
    await until('reopened', () => h.feed.opened.length === 2);
    assert.equal(h.feed.last.lastEventId, undefined, 'the forgotten id is not sent');
    h.stream.close();
  });

  it('counts and ignores malformed events, ignores unknown ones, and drops a stream whose event is too long', async () => {
    const h = harness();
    h.stream.start();
    await until('opened', () => h.feed.opened.length === 1);
    h.feed.last.write(ready());
    h.feed.last.write('event: decision\ndata: not json\n\n');
    h.feed.last.write(change('decision', 't1', 'someone-else'));
    h.feed.last.write('event: decision\ndata: {"project":"acme"}\n\n');
    h.feed.last.write('id: wrong\nevent: review\ndata: {"project":"acme","syncToken":"t2","since":"t1","at":"x"}\n\n');
    h.feed.last.write('event: confetti\ndata: {}\n\n');
    h.feed.last.write(change('decision', 't3'));
    await until('the good change', () => h.changes.length === 1);
    assert.deepEqual(h.changes, ['decision t3']);
    assert.equal(h.stream.malformed, 4);
    assert.equal(h.stream.health.kind, 'live');
    h.feed.last.write(`data: ${'x'.repeat(STREAM_BOUNDS.maxEventChars + 10)}`);
    await until('dropped', () => h.stream.health.kind === 'connecting');
    assert.ok(h.feed.opened[0]!.signal.aborted);
    assert.ok(
      h.logs.some((l) => /longer than/.test(l)),
      h.logs.join('\n'),
    );
    h.stream.close();
  });

  it('close ends the stream and nothing opens again', async () => {
    const h = harness();
    h.stream.start();
    await until('opened', () => h.feed.opened.length === 1);
    h.feed.last.write(ready());
    await until('live', () => h.stream.health.kind === 'live');
    h.stream.close();
    assert.ok(h.feed.last.signal.aborted);
    assert.equal(h.clock.nextIn(), undefined, 'a timer is left');
    assert.equal(h.stream.health.kind, 'closed');
    h.stream.start();
    await new Promise<void>((resolve) => setImmediate(resolve));
    assert.equal(h.feed.opened.length, 1);
  });
});
