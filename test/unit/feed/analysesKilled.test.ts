/**
 * A feed process killed in the middle of an upload, inside its transaction (after it wrote 500 of
 * 1,200 findings), then started again on the same database: nothing of the upload is there, and
 * the same upload, under the same key, is then taken whole.
 */
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningFeed } from '../../../src/feed/server';
import { describeOnBackends, POSTGRES, SQLITE } from './backends';
import { lineMatching } from './childLines';
import { buildFeedBundle, FEED_BUNDLE } from './feedBundle';
import { admin, call, smallSeed, startTestFeed } from './helpers';
import { bigLog, uploadLog } from './uploads';

describeOnBackends('feed: an upload killed halfway', [SQLITE, POSTGRES], (backend) => {
  let dir: string;
  let child: ChildProcess | undefined;
  let feed: RunningFeed | undefined;
  before(buildFeedBundle);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'feed-killed-'));
  });
  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await feed?.close();
    feed = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves nothing of it in the database, and the same upload is taken whole after the restart', async function () {
    this.timeout(60_000);
    const db = await backend.persistentDb(dir, 'feed.db');
    const seedFile = join(dir, 'seed.json');
    writeFileSync(seedFile, JSON.stringify(smallSeed()));
    child = spawn(process.execPath, [FEED_BUNDLE, '--port', '0', '--db', db, '--seed', seedFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    const stopped = lineMatching(
      child,
      'stderr',
      /"msg":"an upload was stopped inside its transaction \(fault\)".*"findings":\d+,"how":"hang"/,
      30_000,
    );
    const ready = JSON.parse(await lineMatching(child, 'stdout', /^\{/, 15_000)) as Pick<RunningFeed, 'url' | 'tokens' | 'adminToken'>;
    const running = { ...ready, leads: [], projects: [] } as unknown as RunningFeed;
    const fault = await call(running, ready.adminToken, 'PUT', '/__admin/faults', {
      body: { stopUpload: { afterFindings: 500, how: 'hang' } },
    });
    assert.equal(fault.status, 200);

    const upload = uploadLog(running, bigLog(1200), { key: 'killed' }).catch((err: Error) => err);
    assert.match(await stopped, /"findings":500,/);
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    assert.ok((await upload) instanceof Error, 'the upload got no answer');

    feed = await startTestFeed(backend, { db });
    const state = (await admin(feed).get('/__admin/state?project=p1')).body;
    assert.deepEqual(
      { findings: state.findings.length, decisions: state.decisions.length, analyses: state.analyses.length },
      { findings: 5, decisions: 0, analyses: 0 },
    );
    const again = await uploadLog(feed, bigLog(1200), { key: 'killed' });
    assert.equal(again.status, 201, again.text);
    assert.equal(again.headers.get('idempotent-replayed'), null, 'the key was never stored');
    assert.equal(again.body.counts.new, 1200);
  });
});
