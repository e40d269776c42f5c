/**
 * Event streams across instances and their bounds: an event written on instance A reaches a stream
 * on instance B through PostgreSQL's NOTIFY, also after B's listening connection was lost; streams
 * per token and per instance are bounded.
 */
import { strict as assert } from 'node:assert';
import type { RunningFeed } from '../../../src/feed/server';
import { POSTGRES, SQLITE } from './backends';
import { openStream, type TestStream } from './eventStream';
import { startTestFeed, triage } from './helpers';
import { postgresCluster, query } from './postgresCluster';

const ACK = { action: 'acknowledge', reason: 'will_fix', comment: 'fixing it' };

describe('feed: event streams across two instances on one PostgreSQL database', function () {
  this.timeout(20_000);
  let url: string;
  let a: RunningFeed;
  let b: RunningFeed;
  let stream: TestStream | undefined;

  before(async function () {
    this.timeout(60_000);
    url = await (await postgresCluster()).freshSchema();
    [a, b] = await Promise.all([startTestFeed(POSTGRES, { db: url }), startTestFeed(POSTGRES, { db: url })]);
  });
  after(async () => {
    stream?.close();
    await Promise.all([a.close(), b.close()]);
  });

  it('delivers a decision made on A to a stream on B', async () => {
    stream = await openStream(b.url, b.tokens.dana!, 'p1');
    await stream.next('ready');
    const decided = await triage(a, 'dana', 'f1', ACK, { key: 'k1', ifMatch: '1' });
    assert.equal((await stream.next('decision')).json.decisionId, decided.body.decision.id);
  });

  it("hands out what was missed while B's listening connection was lost", async () => {
    const [listener] = await query<{ pid: number }>(
      url,
      "SELECT pid FROM pg_stat_activity WHERE query LIKE 'LISTEN %' AND datname = current_database() ORDER BY backend_start",
    );
    assert.ok(listener, 'a LISTEN connection is open');
    // Both instances listen; terminating every LISTEN connection cuts B's for certain.
    await query(url, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN %' AND datname = current_database()");
    const decided = await triage(a, 'dana', 'f2', ACK, { key: 'k2', ifMatch: '1' });
    assert.equal((await stream!.next('decision', 10_000)).json.decisionId, decided.body.decision.id);
  });
});

describe('feed: event stream bounds', () => {
  let feed: RunningFeed;
  const streams: TestStream[] = [];
  before(async () => {
    feed = await startTestFeed(SQLITE, { limits: { maxStreamsPerToken: 2, maxStreams: 3 } });
  });
  after(async () => {
    for (const s of streams) s.close();
    await feed.close();
  });

  it('refuses a token past its streams with 429, and the instance past its own with 503, both with Retry-After', async () => {
    for (let i = 0; i < 2; i++) streams.push(await openStream(feed.url, feed.tokens.dana!, 'p1'));
    const third = await openStream(feed.url, feed.tokens.dana!, 'p1');
    assert.equal(third.status, 429);
    assert.equal(third.body.error.code, 'too_many_streams');
    assert.ok(Number(third.headers.get('retry-after')) > 0);
    streams.push(await openStream(feed.url, feed.tokens.lee!, 'p1'));
    const fourth = await openStream(feed.url, feed.tokens.lee!, 'p1');
    assert.equal(fourth.status, 503);
    assert.ok(Number(fourth.headers.get('retry-after')) > 0);
  });
});
