import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isStale, SenderLock, type LockInfo } from '../../../../src/server/outbox/lock';

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid!;
}

describe('outbox sender lock', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'outbox-lock-'));
    file = path.join(dir, 'sender.lock');
  });
  afterEach(async () => fs.rm(dir, { recursive: true, force: true }));

  const here = { now: 100_000, staleMs: 30_000, hostname: 'h', isAlive: () => true };
  const info = (over: Partial<LockInfo>): LockInfo => ({ pid: 1, hostname: 'h', at: 100_000, token: 't', ...over });

  it('judges a lock stale by its heartbeat age or a dead pid on this host only', () => {
    assert.equal(isStale(info({}), here), false);
    assert.equal(isStale(info({ at: 100_000 - 30_001 }), here), true);
    assert.equal(isStale(info({}), { ...here, isAlive: () => false }), true);
    assert.equal(isStale(info({ hostname: 'other' }), { ...here, isAlive: () => false }), false, 'a pid on another host says nothing');
  });

  it('lets one holder in at a time, and the next one in after release', async () => {
    const now = () => Date.now();
    const a = new SenderLock({ file, staleMs: 30_000, now });
    const b = new SenderLock({ file, staleMs: 30_000, now });
    assert.equal(await a.tryAcquire(), true);
    assert.equal(await b.tryAcquire(), false);
    assert.equal(await a.refresh(), true);
    await a.release();
    assert.equal(await b.tryAcquire(), true);
    assert.equal(await a.stillHeld(), false);
    assert.equal(await b.stillHeld(), true);
  });

  it('does not re-create a released lock from a heartbeat that was in flight', async () => {
    const a = new SenderLock({ file, staleMs: 30_000, now: () => Date.now() });
    assert.equal(await a.tryAcquire(), true);
    const beat = a.refresh();
    await a.release();
    assert.equal(await beat, true, 'the heartbeat ran before the release');
    await assert.rejects(fs.access(file), /ENOENT/, 'the lock is gone after release');
    const b = new SenderLock({ file, staleMs: 30_000, now: () => Date.now() });
    assert.equal(await b.tryAcquire(), true);
  });

  it('takes over the lock of a process that died', async () => {
    await fs.writeFile(file, JSON.stringify({ pid: deadPid(), hostname: os.hostname(), at: Date.now(), token: 'crashed' }));
    const b = new SenderLock({ file, staleMs: 30_000, now: () => Date.now() });
    assert.equal(await b.tryAcquire(), true);
    const held = JSON.parse(await fs.readFile(file, 'utf8')) as LockInfo;
    assert.equal(held.pid, process.pid);
  });

  it('takes over a lock whose heartbeat stopped, even from a live process', async () => {
    let t = 1_000_000;
    const a = new SenderLock({ file, staleMs: 30_000, now: () => t });
    const b = new SenderLock({ file, staleMs: 30_000, now: () => t });
    assert.equal(await a.tryAcquire(), true);
    t += 29_000;
    assert.equal(await b.tryAcquire(), false, 'not stale yet');
    t += 2_000;
    assert.equal(await b.tryAcquire(), true);
    assert.equal(await a.refresh(), false, 'the old holder must not refresh a lock it lost');
    assert.equal(await b.stillHeld(), true);
  });
});
