/**
 * The feed client and sync against the reference feed (src/feed), through its fault controls:
 * the same doors a real partner feed would open.
 */
import { strict as assert } from 'node:assert';
import { startFeed, type RunningFeed } from '../../../../src/feed/server';
import { FeedClient } from '../../../../src/server/feed/client';
import { type FeedRequestError } from '../../../../src/server/feed/errors';
import { syncFindings, withRetry, type SyncOutcome } from '../../../../src/server/feed/sync';
import { listen, rejection, type Loopback } from './loopback';

const PROJECT = 'acme';
const SEED = {
  users: [{ id: 'dana', name: 'Dana Developer', role: 'developer' as const }],
  projects: [{ id: PROJECT, members: ['dana'] }],
  findings: Array.from({ length: 7 }, (_, i) => ({
    project: PROJECT,
    id: `F-${i + 1}`,
    ruleId: 'js/sql-injection',
    title: `Finding ${i + 1}`,
    message: 'User input reaches a SQL query.',
    severity: 'high',
    location: { path: `src/file${i + 1}.ts`, startLine: 3 },
  })),
};

function complete(outcome: SyncOutcome): Exclude<SyncOutcome, { kind: 'notModified' }> {
  assert.notEqual(outcome.kind, 'notModified');
  return outcome as Exclude<SyncOutcome, { kind: 'notModified' }>;
}

describe('feed client against the reference feed', function () {
  this.timeout(15_000);
  let feed: RunningFeed;
  let recorder: Loopback;
  const logs: string[] = [];

  async function admin(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${feed.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${feed.adminToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
    return text ? JSON.parse(text) : undefined;
  }

  const client = (timeoutMs = 2_000) =>
    new FeedClient({ baseUrl: feed.url, token: feed.tokens.dana!, timeoutMs, log: (l, m) => logs.push(`${l} ${m}`) });

  beforeEach(async () => {
    feed = await startFeed({ port: 0, host: '127.0.0.1', seed: SEED as never, log: () => undefined });
    recorder = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"findings":[],"nextCursor":null,"syncToken":"x"}');
    });
  });
  afterEach(async () => {
    await feed.close();
    await recorder.close();
    for (const line of logs) assert.ok(!line.includes(feed.tokens.dana!), `the log holds the token: ${line}`);
    logs.length = 0;
  });

  it('syncs everything in pages, then reports an unchanged feed as not modified', async () => {
    const c = client();
    const full = complete(await syncFindings(c, PROJECT, undefined, { limit: 3 }));
    assert.equal(full.kind, 'full');
    assert.equal(full.pages, 3);
    assert.deepEqual(full.findings.map((f) => f.id).sort(), SEED.findings.map((f) => f.id).sort());
    // The first incremental sync learns the ETag of "nothing since"; the next is answered 304.
    const first = complete(await syncFindings(c, PROJECT, full.cursor, { limit: 3 }));
    assert.deepEqual(first.findings, []);
    assert.deepEqual(await syncFindings(c, PROJECT, first.cursor, { limit: 3 }), { kind: 'notModified' });
  });

  it('brings changes and tombstones incrementally', async () => {
    const c = client();
    const full = complete(await syncFindings(c, PROJECT, undefined));
    await admin('POST', '/__admin/findings', { project: PROJECT, findings: [{ id: 'F-2', title: 'Finding 2, re-analysed' }] });
    await admin('POST', '/__admin/findings/F-3/withdraw');
    const changes = complete(await syncFindings(c, PROJECT, full.cursor));
    assert.equal(changes.kind, 'incremental');
    const byId = new Map(changes.findings.map((f) => [f.id, f]));
    assert.deepEqual([...byId.keys()].sort(), ['F-2', 'F-3']);
    assert.equal(byId.get('F-2')!.title, 'Finding 2, re-analysed');
    assert.equal(byId.get('F-3')!.status, 'withdrawn');
  });

  it('sets a schema-invalid finding aside and keeps the rest', async () => {
    await admin('POST', '/__admin/raw', { project: PROJECT, finding: { id: 'F-raw', severity: 'apocalyptic' } });
    const outcome = complete(await syncFindings(client(), PROJECT, undefined));
    assert.equal(outcome.findings.length, 7);
    assert.deepEqual(
      outcome.invalid.map((i) => i.id),
      ['F-raw'],
    );
  });

  it('reports broken bodies as malformed', async () => {
    await admin('PUT', '/__admin/faults', { body: { kind: 'not-json', count: 1 } });
    assert.equal(((await rejection(syncFindings(client(), PROJECT, undefined))) as FeedRequestError).kind, 'malformed');
    await admin('PUT', '/__admin/faults', { body: { kind: 'truncated', count: 1 } });
    const cut = (await rejection(syncFindings(client(), PROJECT, undefined))) as FeedRequestError;
    assert.equal(cut.kind, 'malformed');
    assert.match(cut.message, /\d+ (of \d+ )?bytes/);
  });

  it('times out on a hung request within the configured time', async () => {
    await admin('PUT', '/__admin/faults', { hang: { count: 1 } });
    const started = Date.now();
    const err = (await rejection(client(400).me())) as FeedRequestError;
    assert.equal(err.kind, 'timeout');
    assert.ok(Date.now() - started < 2_000);
  });

  it('waits out a 429 through withRetry and then syncs', async () => {
    await admin('PUT', '/__admin/faults', { forceStatus: { status: 429, count: 1, retryAfter: 1, paths: 'findings' } });
    const delays: number[] = [];
    const outcome = complete(
      await withRetry(() => syncFindings(client(), PROJECT, undefined), {
        maxAttempts: 3,
        policy: { baseMs: 5, capMs: 20, retryAfterCapMs: 30 },
        onRetry: (err, delayMs) => {
          assert.equal(err.retryAfterMs, 1000);
          delays.push(delayMs);
        },
      }),
    );
    assert.deepEqual(delays, [30]);
    assert.equal(outcome.findings.length, 7);
  });

  it('never sends the token to where a redirect points', async () => {
    await admin('PUT', '/__admin/faults', { redirectTo: recorder.url });
    const err = (await rejection(syncFindings(client(), PROJECT, undefined))) as FeedRequestError;
    assert.equal(err.kind, 'badOrigin');
    assert.equal(recorder.requests.length, 0);
    assert.ok(recorder.requests.every((r) => r.headers.authorization === undefined));
  });

  it('never sends the token to a nextCursor on another origin', async () => {
    await admin('PUT', '/__admin/faults', { nextCursorBase: recorder.url });
    const err = (await rejection(syncFindings(client(), PROJECT, undefined, { limit: 2 }))) as FeedRequestError;
    assert.equal(err.kind, 'badOrigin');
    assert.equal(recorder.requests.length, 0);
  });

  it("follows a nextCursor URL on the feed's own origin", async () => {
    await admin('PUT', '/__admin/faults', { nextCursorBase: feed.url });
    const outcome = complete(await syncFindings(client(), PROJECT, undefined, { limit: 2 }));
    assert.equal(outcome.findings.length, 7);
  });
});
