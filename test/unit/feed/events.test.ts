/**
 * GET /v1/projects/{project}/events: the changes of a project pushed as server-sent events, on
 * SQLite, PostgreSQL and two instances behind a balancer (where the write and the stream are on
 * different instances half the time; the direct case is in eventsAcrossInstances.test.ts).
 */
import { strict as assert } from 'node:assert';
import { ChangeEvent, ReadyEvent, ResyncEvent, ShutdownEvent } from '../../../src/shared/feedEvents';
import type { RunningFeed } from '../../../src/feed/server';
import { encodeSyncToken } from '../../../src/feed/syncToken';
import { ALL_BACKENDS, describeOnBackends } from './backends';
import { openStream, type TestStream } from './eventStream';
import { admin, review, startTestFeed, syncAll, triage } from './helpers';
import { bigLog, uploadLog } from './uploads';

const ACK = { action: 'acknowledge', reason: 'will_fix', comment: 'fixing it' };

describeOnBackends('feed: event streams', ALL_BACKENDS, function (backend) {
  // Each test starts feeds (migrations, a LISTEN connection on PostgreSQL): on a loaded machine that takes more than 2 s.
  this.timeout(15_000);
  let feed: RunningFeed;
  const streams: TestStream[] = [];
  const open = async (user: string, project: string, headers?: Record<string, string>): Promise<TestStream> => {
    const stream = await openStream(feed.url, feed.tokens[user]!, project, headers);
    streams.push(stream);
    return stream;
  };
  beforeEach(async () => {
    feed = await startTestFeed(backend, { limits: { heartbeatMs: 200, maxReplayEvents: 3, maxStreamsPerToken: 10 } });
  });
  afterEach(async () => {
    for (const s of streams.splice(0)) s.close();
    await feed.close();
  });

  it('says ready, then each decision with its sync tokens: since reaches the change, syncToken is where a sync then stands', async () => {
    const stream = await open('dana', 'p1');
    assert.equal(stream.status, 200);
    assert.match(stream.headers.get('content-type')!, /^text\/event-stream/);
    assert.deepEqual(ReadyEvent.parse((await stream.next()).json), { project: 'p1', heartbeatSeconds: 0.2 });
    const before = await syncAll(feed, 'dana', 'p1');

    const decided = await triage(feed, 'dana', 'f1', ACK, { key: 'k1', ifMatch: '1' });
    const event = await stream.next('decision');
    const data = ChangeEvent.parse(event.json);
    assert.equal(data.decisionId, decided.body.decision.id);
    assert.equal(data.findingId, 'f1');
    assert.equal(event.id, data.syncToken, "the event's id is its sync token");
    const fromSince = await syncAll(feed, 'dana', 'p1', { since: data.since });
    assert.deepEqual(
      fromSince.findings.map((f) => [f.id, f.status]),
      [['f1', 'acknowledged']],
    );
    assert.equal((await syncAll(feed, 'dana', 'p1', { since: before.syncToken })).syncToken, data.syncToken);
  });

  it('tells reviews and findings changes, only those of its project, and nothing of a refused write', async () => {
    const stream = await open('lee', 'p1');
    await stream.next('ready');
    const decided = await triage(feed, 'dana', 'f1', ACK, { key: 'k1', ifMatch: '1' });
    await stream.next('decision');
    assert.equal((await triage(feed, 'dana', 'f1', ACK, { key: 'k2', ifMatch: '1' })).status, 412);
    assert.equal((await review(feed, 'lee', decided.body.decision.id, { decision: 'approve' }, 'r1')).status, 201);
    const reviewed = ChangeEvent.parse((await stream.next()).json);
    assert.equal(reviewed.decisionId, decided.body.decision.id, 'the review came next: the refused triage told nothing');
    await admin(feed).post('/__admin/findings', { project: 'p2', findings: [{ id: 'other' }] });
    await admin(feed).post('/__admin/findings', { project: 'p1', findings: [{ id: 'n1' }, { id: 'n2' }] });
    const next = await stream.next();
    assert.equal(next.event, 'findings');
    assert.deepEqual([next.json.project, next.json.count], ['p1', 2], "p2's change was not sent to p1's stream");
  });

  it('tells an uploaded analysis as one findings event, whose since reaches all of its findings', async () => {
    const stream = await open('dana', 'p1');
    await stream.next('ready');
    const uploaded = await uploadLog(feed, bigLog(30));
    assert.equal(uploaded.status, 201, uploaded.text);
    const event = await stream.next();
    assert.equal(event.event, 'findings');
    const data = ChangeEvent.parse(event.json);
    assert.deepEqual([data.project, event.json.count], ['p1', 30]);
    const changed = await syncAll(feed, 'dana', 'p1', { since: data.since });
    assert.equal(changed.findings.length, 30, 'one incremental sync from the event brings the whole analysis');
    assert.equal(changed.syncToken, data.syncToken);
  });

  it('sends a heartbeat comment at its interval', async () => {
    const stream = await open('dana', 'p1');
    await stream.comment(2, 3000);
    assert.deepEqual(stream.comments.slice(0, 2), ['heartbeat', 'heartbeat']);
  });

  it('resumes after Last-Event-ID with what it missed, in order', async () => {
    const first = await open('dana', 'p1');
    await triage(feed, 'dana', 'f1', ACK, { key: 'k1', ifMatch: '1' });
    const seen = await first.next('decision');
    first.close();
    const f2 = await triage(feed, 'dana', 'f2', ACK, { key: 'k2', ifMatch: '1' });
    const f3 = await triage(feed, 'dana', 'f3', ACK, { key: 'k3', ifMatch: '1' });
    const resumed = await open('dana', 'p1', { 'Last-Event-ID': seen.id });
    await resumed.next('ready');
    assert.equal((await resumed.next()).json.decisionId, f2.body.decision.id);
    assert.equal((await resumed.next()).json.decisionId, f3.body.decision.id);
    const f4 = await triage(feed, 'dana', 'f4', ACK, { key: 'k4', ifMatch: '1' });
    assert.equal((await resumed.next()).json.decisionId, f4.body.decision.id, 'then live');
  });

  it('says resync (incremental) when more was missed than it replays, and resync (full) for an id not of this feed', async () => {
    const first = await open('dana', 'p1');
    await triage(feed, 'dana', 'f1', ACK, { key: 'k1', ifMatch: '1' });
    const seen = await first.next('decision');
    for (const id of ['f2', 'f3', 'f4', 'f5']) await triage(feed, 'dana', id, ACK, { key: id, ifMatch: '1' });
    const far = await open('dana', 'p1', { 'Last-Event-ID': seen.id });
    const resync = ResyncEvent.parse((await far.next('resync')).json);
    assert.deepEqual([resync.reason, resync.sync], ['too_far_back', 'incremental']);

    for (const id of ['garbage', encodeSyncToken('another-feed', 1), encodeSyncToken(feed.storage.feedId, 1_000_000)]) {
      const unknown = await open('dana', 'p1', { 'Last-Event-ID': id });
      const full = ResyncEvent.parse((await unknown.next('resync')).json);
      assert.deepEqual([full.reason, full.sync], ['unknown_event_id', 'full'], id);
    }
  });

  it('ends a stream whose token was revoked, at its next heartbeat, with a last shutdown event', async () => {
    const stream = await open('dana', 'p1');
    await stream.next('ready');
    const [token] = await feed.storage.tokens.list('dana');
    await feed.storage.transaction((tx) => tx.tokens.revoke(token!.id));
    const last = ShutdownEvent.parse((await stream.next('shutdown', 3000)).json);
    assert.equal(last.reason, 'access_revoked');
    await stream.ended;
  });
});
