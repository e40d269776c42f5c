import * as assert from 'node:assert/strict';
import type { SyncResult } from '../../../../src/shared/protocol';
import { SyncScheduler, type SyncTrigger } from '../../../../src/server/sync/scheduler';

const ok = (message: string): SyncResult => ({ ok: true, changed: 0, filesPublished: 0, notModified: false, message });

/** A sync that ends when the test says so (or when aborted). */
function controllableRun() {
  const calls: Array<{ trigger: SyncTrigger; signal: AbortSignal; finish: (r: SyncResult) => void }> = [];
  const run = (signal: AbortSignal, trigger: SyncTrigger) =>
    new Promise<SyncResult>((resolve) => {
      calls.push({ trigger, signal, finish: resolve });
      signal.addEventListener('abort', () => resolve({ ok: false, changed: 0, filesPublished: 0, notModified: false, message: 'aborted' }));
    });
  return { calls, run };
}

describe('sync scheduler', () => {
  it('joins concurrent requests to the running sync', async () => {
    const { calls, run } = controllableRun();
    const scheduler = new SyncScheduler(run, () => 60_000);
    const a = scheduler.syncNow();
    const b = scheduler.syncNow();
    assert.equal(a, b);
    await Promise.resolve();
    assert.equal(calls.length, 1);
    calls[0]!.finish(ok('one'));
    assert.equal((await b).message, 'one');
    scheduler.dispose();
  });

  it('a change aborts the running sync and the waiting callers get the fresh one', async () => {
    const { calls, run } = controllableRun();
    const scheduler = new SyncScheduler(run, () => 60_000);
    const waiting = scheduler.syncNow();
    await Promise.resolve();
    scheduler.restart();
    assert.equal(calls[0]!.signal.aborted, true);
    await new Promise((r) => setImmediate(r));
    assert.equal(calls.length, 2);
    assert.equal(calls[1]!.trigger, 'change');
    calls[1]!.finish(ok('fresh'));
    assert.equal((await waiting).message, 'fresh');
    scheduler.dispose();
  });

  it('polls after each sync, at the interval', async () => {
    const { calls, run } = controllableRun();
    const scheduler = new SyncScheduler(run, () => 5);
    const first = scheduler.syncNow();
    await Promise.resolve();
    calls[0]!.finish(ok('first'));
    await first;
    const polled = await new Promise<SyncTrigger>((resolve, reject) => {
      const timeout = setTimeout(() => reject(new Error('no poll within 2 s')), 2000);
      const check = setInterval(() => {
        if (calls.length > 1) {
          clearInterval(check);
          clearTimeout(timeout);
          resolve(calls[1]!.trigger);
        }
      }, 1);
    });
    assert.equal(polled, 'poll');
    scheduler.dispose();
    assert.equal(calls[1]!.signal.aborted, true, 'dispose aborts the running sync');
  });

  it('turns a throwing sync into a failed result instead of a rejection', async () => {
    const scheduler = new SyncScheduler(
      () => Promise.reject(new Error('boom')),
      () => 60_000,
    );
    const result = await scheduler.syncNow();
    assert.equal(result.ok, false);
    assert.match(result.message ?? '', /boom/);
    scheduler.dispose();
  });
});
