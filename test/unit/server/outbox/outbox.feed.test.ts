/**
 * The outbox against the reference feed. Every test asserts on what the feed ends up holding: each
 * decision exactly once, whatever happened on the way.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { RunningFeed } from '../../../../src/feed/server';
import type { DecisionPoster } from '../../../../src/server/outbox/outbox';
import { describeOnBackends, POSTGRES, SQLITE } from '../../feed/backends';
import {
  admin,
  clientFor,
  decisionPosts,
  feedState,
  until,
  Observed,
  PROJECT,
  revisionOf,
  startTestFeed,
  tempDir,
  WatchedClock,
} from './harness';

// The outbox tests read the feed's request log and set its faults, which each process keeps: so one
// instance of each database, not two behind a balancer.
describeOnBackends('outbox against the reference feed', [SQLITE, POSTGRES], function (backend) {
  this.timeout(20_000);
  let root: string;
  let dir: string;
  let db: string;
  let feed: RunningFeed;
  const opened: Observed[] = [];

  async function open(client: () => DecisionPoster | undefined, clock?: WatchedClock, at = dir): Promise<Observed> {
    const o = await Observed.open(at, client, clock);
    opened.push(o);
    return o;
  }

  beforeEach(async () => {
    root = await tempDir('outbox-feed-');
    dir = path.join(root, 'outbox');
    db = await backend.persistentDb(root, 'feed.db');
    feed = await startTestFeed(db);
  });
  afterEach(async () => {
    for (const o of opened.splice(0)) await o.outbox.dispose();
    await feed.close().catch(() => undefined); // a test may have closed it already
    await fs.rm(root, { recursive: true, force: true });
  });

  async function decisionsOn(findingId: string) {
    return (await feedState(feed)).decisions.filter((d) => d.findingId === findingId);
  }

  it('keeps a decision queued before any send on disk, and the next window sends it once', async () => {
    const first = await open(() => undefined);
    const rev = await revisionOf(feed, 'F-1');
    const view = await first.outbox.enqueueTriage({
      findingId: 'F-1',
      action: 'acknowledge',
      reason: 'will_fix',
      comment: 'queued offline',
      ifMatch: rev,
    });
    assert.equal(view.state, 'pending');
    const onDisk = JSON.parse(await fs.readFile(path.join(dir, `${view.id}.json`), 'utf8')) as { id: string; state: string };
    assert.deepEqual([onDisk.id, onDisk.state], [view.id, 'pending'], 'durable before enqueue resolves');
    await first.outbox.dispose();
    opened.splice(0);

    const second = await open(() => clientFor(feed, 'dana'));
    await second.entry(view.id, (e) => e.state === 'synced', 'synced');
    const held = await decisionsOn('F-1');
    assert.equal(held.length, 1);
    assert.equal(held[0]!.comment, 'queued offline');
  });

  it('after a window is killed mid-send, another window takes its lock over and the feed holds the decision once', async () => {
    const rev = await revisionOf(feed, 'F-2');
    await admin(feed, 'PUT', '/__admin/faults', { hang: { count: 1 } });
    const child = spawn(
      process.execPath,
      ['--require', 'tsx/cjs', path.join(__dirname, 'crash-child.ts'), dir, feed.url, feed.tokens.dana!, 'F-2', rev],
      {
        cwd: path.resolve(__dirname, '../../../..'),
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let out = '';
    child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    await until(
      () => /sending \S+\n/.test(out),
      () => `the child window to send its POST (its stdout: ${out})`,
      10_000,
      (wake) => child.stdout!.once('data', wake),
    );
    child.kill('SIGKILL');
    await exited;
    const id = /sending (\S+)\n/.exec(out)![1]!;
    await fs.access(path.join(dir, 'sender.lock')); // the dead window's lock is still there

    const next = await open(() => clientFor(feed, 'dana'));
    await next.entry(id, (e) => e.state === 'synced', 'synced by the window that took over');
    assert.equal((await decisionsOn('F-2')).length, 1);
    const posts = await decisionPosts(feed);
    assert.ok(
      posts.length >= 2 && posts.every((p) => p.idempotencyKey === id),
      `every send carried the entry's key: ${JSON.stringify(posts)}`,
    );
  });

  it('resends with the same key when the answer is lost, and the feed replays instead of applying twice', async () => {
    let dropped = 0;
    const lossy: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (init?.method === 'POST' && dropped === 0) {
        dropped++;
        throw new TypeError('fetch failed: connection reset after the feed stored the decision');
      }
      return res;
    };
    const o = await open(() => clientFor(feed, 'dana', lossy));
    const view = await o.outbox.enqueueTriage({
      findingId: 'F-3',
      action: 'dispute',
      reason: 'false_positive',
      comment: 'the input is a constant',
      ifMatch: await revisionOf(feed, 'F-3'),
    });
    const done = await o.entry(view.id, (e) => e.state === 'synced', 'synced');
    assert.equal(dropped, 1);
    assert.equal(done.attempts, 2);
    assert.equal((await decisionsOn('F-3')).length, 1);
    const posts = await decisionPosts(feed);
    assert.deepEqual(
      posts.map((p) => p.idempotencyKey),
      [view.id, view.id],
    );
  });

  it('on 412 records the conflict with the current finding; the user decides again on the new revision', async () => {
    const o = await open(() => clientFor(feed, 'dana'));
    const seen = await revisionOf(feed, 'F-4');
    await admin(feed, 'POST', '/__admin/findings', { project: PROJECT, findings: [{ id: 'F-4', title: 'Finding 4, re-analysed' }] });
    const now = await revisionOf(feed, 'F-4');
    assert.notEqual(now, seen);

    const first = await o.outbox.enqueueTriage({ findingId: 'F-4', action: 'acknowledge', reason: 'will_fix', comment: '', ifMatch: seen });
    const conflict = await o.entry(first.id, (e) => e.state === 'conflict', 'in conflict');
    assert.ok(conflict.message && conflict.message.length > 0, 'the feed message is shown');
    const whole = o.outbox.entry(first.id);
    assert.equal(whole?.kind === 'triage' && whole.current?.revision, now, 'the current finding is kept for the user');
    assert.equal((await decisionsOn('F-4')).length, 0);

    const again = await o.outbox.enqueueTriage({
      findingId: 'F-4',
      action: 'acknowledge',
      reason: 'will_fix',
      comment: 'decided again',
      ifMatch: now,
    });
    await o.entry(again.id, (e) => e.state === 'synced', 'synced');
    const held = await decisionsOn('F-4');
    assert.deepEqual(
      held.map((d) => d.comment),
      ['decided again'],
    );
    assert.equal(o.outbox.entry(first.id)?.state, 'conflict', 'the conflicted entry stays for the record');
  });

  it("on 409 (the key was used with another body) refuses with the feed's message and sends no more", async () => {
    let client: DecisionPoster | undefined = undefined; // no poster until the other request has used the key
    const o = await open(() => client);
    const rev = await revisionOf(feed, 'F-5');
    const view = await o.outbox.enqueueTriage({
      findingId: 'F-5',
      action: 'acknowledge',
      reason: 'will_fix',
      comment: 'mine',
      ifMatch: rev,
    });
    const res = await fetch(`${feed.url}/v1/findings/F-5/triage`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${feed.tokens.dana}`,
        'content-type': 'application/json',
        'idempotency-key': view.id,
        'if-match': rev,
      },
      body: JSON.stringify({ action: 'acknowledge', reason: 'accepted_risk', comment: 'someone else, same key' }),
    });
    assert.equal(res.status, 201);
    client = clientFor(feed, 'dana');
    o.outbox.kick();
    const refused = await o.entry(view.id, (e) => e.state === 'refused', 'refused');
    assert.ok(refused.message && refused.message.length > 0);
    assert.deepEqual(
      (await decisionsOn('F-5')).map((d) => d.comment),
      ['someone else, same key'],
    );
  });

  it('while the feed is down, keeps the decision pending and retries with backoff until it is synced once', async () => {
    await admin(feed, 'PUT', '/__admin/faults', { forceStatus: { status: 503, count: 3, paths: 'all' } });
    const o = await open(() => clientFor(feed, 'dana'));
    const view = await o.outbox.enqueueTriage({
      findingId: 'F-6',
      action: 'acknowledge',
      reason: 'mitigated',
      comment: '',
      ifMatch: await revisionOf(feed, 'F-6'),
    });
    const waiting = await o.entry(view.id, (e) => e.state === 'pending' && e.attempts >= 1, 'pending after a failed send');
    assert.match(waiting.message ?? '', /kept and will be sent again/);
    const done = await o.entry(view.id, (e) => e.state === 'synced', 'synced');
    assert.equal(done.attempts, 4);
    assert.equal((await decisionsOn('F-6')).length, 1);
  });

  it('when the feed process is gone and comes back on the same database, the decision reaches it once', async () => {
    const port = Number(new URL(feed.url).port);
    const rev = await revisionOf(feed, 'F-7');
    const tokens = feed.tokens;
    await feed.close();
    const o = await open(() => clientFor({ ...feed, tokens } as RunningFeed, 'dana'));
    const view = await o.outbox.enqueueTriage({
      findingId: 'F-7',
      action: 'acknowledge',
      reason: 'will_fix',
      comment: 'offline',
      ifMatch: rev,
    });
    await o.entry(view.id, (e) => e.state === 'pending' && e.attempts >= 2, 'retried while the feed is down');
    feed = await startTestFeed(db, port);
    await o.entry(view.id, (e) => e.state === 'synced', 'synced after the feed came back');
    assert.equal((await decisionsOn('F-7')).length, 1);
  });

  it('after a 401 waits for a new token instead of retrying, then sends once', async () => {
    const clock = new WatchedClock();
    let client = clientFor(feed, 'nobody');
    const o = await open(() => client, clock);
    const view = await o.outbox.enqueueTriage({
      findingId: 'F-8',
      action: 'acknowledge',
      reason: 'will_fix',
      comment: '',
      ifMatch: await revisionOf(feed, 'F-8'),
    });
    const held = await o.entry(view.id, (e) => e.attempts === 1, 'tried once');
    assert.equal(held.state, 'pending');
    assert.match(held.message ?? '', /token/);
    await clock.firings(4); // several wake-ups pass without a send
    assert.equal((await decisionPosts(feed)).length, 1);
    client = clientFor(feed, 'dana');
    o.outbox.tokenChanged();
    await o.entry(view.id, (e) => e.state === 'synced', 'synced with the new token');
    assert.equal((await decisionsOn('F-8')).length, 1);
  });

  it('two windows on one outbox folder send every decision exactly once, each sent only once', async () => {
    await admin(feed, 'PUT', '/__admin/faults', { latencyMs: 15 });
    const a = await open(() => clientFor(feed, 'dana'));
    const b = await open(() => clientFor(feed, 'dana')); // the same user's second window
    const revs = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => revisionOf(feed, `F-${n}`)));
    const queued = await Promise.all(
      revs.map((rev, i) =>
        (i % 2 === 0 ? a : b).outbox.enqueueTriage({
          findingId: `F-${i + 1}`,
          action: 'acknowledge',
          reason: 'will_fix',
          comment: `decision ${i + 1}`,
          ifMatch: rev,
        }),
      ),
    );
    await a.settled(10);
    await b.settled(10);
    assert.ok(
      [...a.latest, ...b.latest].every((e) => e.state === 'synced'),
      'both windows see every decision synced',
    );
    const state = await feedState(feed);
    assert.deepEqual(state.decisions.map((d) => d.comment).sort(), queued.map((_, i) => `decision ${i + 1}`).sort());
    const keys = (await decisionPosts(feed)).map((p) => p.idempotencyKey);
    assert.deepEqual([...keys].sort(), queued.map((q) => q.id).sort(), 'no decision was sent twice');
  });

  it("review flow: a developer's decision, then a lead's review; a developer's review is refused", async () => {
    const dev = await open(() => clientFor(feed, 'dana'));
    const lead = await open(() => clientFor(feed, 'lee'), undefined, path.join(root, 'lead-outbox'));
    const triage = await dev.outbox.enqueueTriage({
      findingId: 'F-9',
      action: 'dispute',
      reason: 'used_in_tests',
      comment: 'only in a test fixture',
      ifMatch: await revisionOf(feed, 'F-9'),
    });
    await dev.entry(triage.id, (e) => e.state === 'synced', 'synced');
    const decisionId = dev.outbox.entry(triage.id)?.result?.id;
    assert.ok(decisionId);

    const byDev = await dev.outbox.enqueueReview({ decisionId, decision: 'approve', comment: 'self-approved' });
    const refused = await dev.entry(byDev.id, (e) => e.state === 'refused', 'refused');
    assert.ok(refused.message && refused.message.length > 0, 'the feed says why');

    const byLead = await lead.outbox.enqueueReview({ decisionId, decision: 'approve', comment: 'agreed' });
    await lead.entry(byLead.id, (e) => e.state === 'synced', 'synced');
    assert.equal(lead.outbox.entry(byLead.id)?.result?.review?.decision, 'approve');
    assert.equal(lead.outbox.entry(byLead.id)?.findingId, 'F-9');

    const state = await feedState(feed);
    const held = state.decisions.filter((d) => d.findingId === 'F-9');
    assert.equal(held.length, 1);
    assert.deepEqual([held[0]!.review?.decision, held[0]!.review?.comment], ['approve', 'agreed']);
    assert.equal(state.reviews.length, 1);
  });

  it('refuses to queue a decision the feed could not accept, and says which field', async () => {
    const o = await open(() => clientFor(feed, 'dana'));
    await assert.rejects(
      o.outbox.enqueueTriage({ findingId: 'F-10', action: 'dispute', reason: 'false_positive', comment: '  ', ifMatch: 'r' }),
      /comment: a dispute needs a comment/,
    );
    assert.deepEqual(o.outbox.entries(), []);
  });
});
