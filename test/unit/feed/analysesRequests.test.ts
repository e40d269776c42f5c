/**
 * The upload request itself: who may send it, what it must carry, what is refused and how, the
 * Idempotency-Key, and that an upload is one transaction: stopped halfway, nothing of it stays.
 */
import { strict as assert } from 'node:assert';
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { RunningFeed } from '../../../src/feed/server';
import { SARIF_LIMITS } from '../../../src/feed/sarif/limits';
import { mapSarifLog } from '../../../src/feed/sarif/mapLog';
import { ALL_BACKENDS, describeOnBackends, SQLITE } from './backends';
import { admin, startTestFeed, syncAll } from './helpers';
import { logOf, resultAt } from './sarif/logs';
import { bigLog, uploadFixture, uploadLog } from './uploads';

async function nothingTaken(feed: RunningFeed): Promise<void> {
  const state = (await admin(feed).get('/__admin/state?project=p1')).body;
  assert.deepEqual(
    { findings: state.findings.map((f: any) => f.id), decisions: state.decisions, analyses: state.analyses },
    { findings: ['f1', 'f2', 'f3', 'f4', 'f5'], decisions: [], analyses: [] },
  );
}

describeOnBackends('feed: SARIF analyses, the request', ALL_BACKENDS, (backend) => {
  let feed: RunningFeed;
  beforeEach(async () => {
    feed = await startTestFeed(backend);
  });
  afterEach(async () => {
    await feed.close();
  });

  it('replays the first receipt for a repeated Idempotency-Key (gzipped or not), and refuses the key with another log', async () => {
    const first = await uploadFixture(feed, 'eslint', 1, { key: 'ci-run-1' });
    assert.equal(first.status, 201);
    const again = await uploadFixture(feed, 'eslint', 1, { key: 'ci-run-1', gzip: false });
    assert.equal(again.status, 201);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(again.body, first.body);
    const other = await uploadFixture(feed, 'eslint', 2, { key: 'ci-run-1' });
    assert.equal(other.status, 409);
    assert.equal(other.body.error.code, 'idempotency_key_reused');
    const elsewhere = await uploadFixture(feed, 'eslint', 1, { key: 'ci-run-1', ref: 'refs/heads/other' });
    assert.equal(elsewhere.status, 409, 'the query is part of the request');
    assert.equal((await admin(feed).get('/__admin/state?project=p1')).body.analyses.length, 1);
  });

  it('refuses an upload by a person, to a project the token is not in, or to none', async () => {
    const log = logOf([resultAt('src/a.js', 1)]);
    for (const user of ['dana', 'lee']) {
      const refused = await uploadLog(feed, log, { user });
      assert.equal(refused.status, 403, user);
      assert.match(refused.body.error.message, /^only an upload token \(role uploader, for CI\) may upload analyses/);
    }
    const foreign = await uploadLog(feed, log, { project: 'p2' });
    assert.deepEqual([foreign.status, foreign.body.error.message], [403, 'you are not a member of project p2']);
    assert.equal((await uploadLog(feed, log, { project: 'nope' })).status, 404);
    await nothingTaken(feed);
  });

  it('refuses a bad query, a missing key or another media type before reading the log, saying what to send', async () => {
    const log = logOf([resultAt('src/a.js', 1)]);
    const cases: Array<[Parameters<typeof uploadLog>[2], number, string, RegExp]> = [
      [{ commit: 'abc' }, 400, 'invalid_request', /^query parameter commit: commit must be a full git commit id/],
      [{ category: '' }, 400, 'invalid_request', /^query parameter category: /],
      [{ key: '' }, 400, 'idempotency_key_required', /Idempotency-Key/],
      [{ headers: { 'Content-Type': 'text/plain' } }, 415, 'unsupported_media_type', /application\/sarif\+json, not text\/plain/],
      [{ headers: { 'Content-Encoding': 'br' } }, 415, 'unsupported_media_type', /Content-Encoding br is not taken/],
    ];
    for (const [options, status, code, message] of cases) {
      const answer = await uploadLog(feed, log, options);
      assert.deepEqual([answer.status, answer.body.error.code], [status, code], JSON.stringify(options));
      assert.match(answer.body.error.message, message);
    }
    const json = await uploadLog(feed, log, { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
    assert.equal(json.status, 201, 'application/json is taken too');
  });

  it('refuses a log that is not JSON, not SARIF 2.1.0, or not the gzip it says, naming why; takes it once corrected, under the same key', async () => {
    const cases: Array<[unknown, Parameters<typeof uploadLog>[2], string, RegExp]> = [
      ['{"version": "2.1.0", "runs": [', {}, 'invalid_sarif', /^the log is not JSON: .*Nothing was stored\.$/],
      [{ version: '2.0.0', runs: [] }, {}, 'invalid_sarif', /^not a SARIF 2\.1\.0 log: version: /],
      [{ version: '2.1.0', runs: [{ tool: { driver: {} } }] }, {}, 'invalid_sarif', /^run 0 is not a SARIF run: tool\.driver\.name/],
      [Buffer.from('not gzip'), { gzip: false, headers: { 'Content-Encoding': 'gzip' } }, 'invalid_request', /not gzip data/],
    ];
    for (const [log, options, code, message] of cases) {
      const answer = await uploadLog(feed, log, { ...options, key: 'fix-and-retry' });
      assert.deepEqual([answer.status, answer.body.error.code], [400, code]);
      assert.match(answer.body.error.message, message);
    }
    await nothingTaken(feed);
    const corrected = await uploadLog(feed, logOf([resultAt('src/a.js', 1)]), { key: 'fix-and-retry' });
    assert.equal(corrected.status, 201, 'a refusal stores nothing under its key');
  });

  it('sets aside a result whose finding id another finding of the feed holds, and leaves that finding alone', async () => {
    const log = logOf([resultAt('src/a.js', 1), resultAt('src/a.js', 2)]);
    const [held] = mapSarifLog(log, { project: 'p1', category: 'scan' }).findings.map((f) => f.finding.id);
    await admin(feed).post('/__admin/findings', { project: 'p1', findings: [{ id: held, title: 'made by hand' }] });
    const answer = await uploadLog(feed, log);
    assert.equal(answer.status, 201);
    assert.deepEqual(answer.body.counts, { new: 1, unchanged: 0, changed: 0, fixed: 0, reopened: 0, setAside: 1 });
    assert.deepEqual(answer.body.setAside, [
      {
        run: 0,
        index: 0,
        what: 'result',
        ruleId: 'js/sql-injection',
        reason: `its finding id ${held} is held by another finding of the feed`,
      },
    ]);
    const state = (await admin(feed).get('/__admin/state?project=p1')).body;
    assert.deepEqual(
      state.findings.filter((f: any) => f.id === held).map((f: any) => [f.title, f.revision]),
      [['made by hand', '1']],
    );
  });

  it('takes an upload in one transaction: stopped after 500 of its 1,200 findings, nothing of it stays, and its key is free', async function () {
    this.timeout(20_000);
    const before = await syncAll(feed, 'dana', 'p1');
    // Faults are each instance's own: twice, so that both instances behind the round-robin balancer have it.
    for (let i = 0; i < 2; i++) {
      assert.equal((await admin(feed).put('/__admin/faults', { stopUpload: { afterFindings: 500, how: 'fail' } })).status, 200);
    }
    const stopped = await uploadLog(feed, bigLog(1200), { key: 'halfway' });
    assert.deepEqual([stopped.status, stopped.body.error.code], [500, 'internal_error']);
    await nothingTaken(feed);
    assert.deepEqual((await syncAll(feed, 'dana', 'p1', { since: before.syncToken })).findings, [], 'no change to sync');

    for (let i = 0; i < 2; i++) await admin(feed).del('/__admin/faults');
    const taken = await uploadLog(feed, bigLog(1200), { key: 'halfway' });
    assert.equal(taken.status, 201);
    assert.equal(taken.body.counts.new, 1200);
    assert.equal((await admin(feed).get('/__admin/state?project=p1')).body.decisions.length, 10);
  });
});

describeOnBackends('feed: SARIF analyses, the bounds of a log', [SQLITE], () => {
  let feed: RunningFeed;
  before(async () => {
    feed = await startTestFeed(SQLITE);
  });
  after(async () => {
    await feed.close();
  });

  it(`refuses more than ${SARIF_LIMITS.results.toLocaleString('en-US')} results with 413, naming the limit`, async () => {
    const answer = await uploadLog(feed, logOf(new Array(SARIF_LIMITS.results + 1).fill({})));
    assert.deepEqual([answer.status, answer.body.error.code], [413, 'body_too_large']);
    assert.match(answer.body.error.message, /^the log has 100001 results, more than the 100000 a log may have: split it/);
  });

  it('refuses a log larger than 256 MiB once gunzipped with 413, without holding more than that', async function () {
    this.timeout(30_000);
    const bomb = gzipSync(Buffer.alloc(SARIF_LIMITS.logBytes + 1, 0x20), { level: 1 });
    const answer = await uploadLog(feed, bomb, { gzip: false, headers: { 'Content-Encoding': 'gzip' }, key: 'bomb' });
    assert.deepEqual([answer.status, answer.body.error.code], [413, 'body_too_large']);
    assert.match(answer.body.error.message, /^the log is larger once gunzipped, more than the 256 MiB a log may have/);
  });

  it('refuses a body that says it is larger than 256 MiB with 413 before reading it', async () => {
    const url = new URL(`${feed.url}/v1/projects/p1/analyses?category=c&commit=${'1'.repeat(40)}&ref=refs/heads/main`);
    const answer = await new Promise<{ status: number; body: any }>((resolve, reject) => {
      const req = request(url, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${feed.tokens.ci}`,
          'Content-Type': 'application/sarif+json',
          'Idempotency-Key': 'huge',
          'Content-Length': String(300 * 1024 * 1024),
        },
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
          req.destroy();
        });
      });
      req.on('error', reject);
      req.write('{"version": "2.1.0"');
    });
    assert.equal(answer.status, 413);
    assert.match(answer.body.error.message, /^the log is 314572800 bytes, more than the 256 MiB a log may have/);
  });
});
