import * as assert from 'node:assert/strict';
import { SyncGate } from '../../../../src/server/session/syncGate';

/** A sync the test ends when it wants. */
function heldSync() {
  let end!: () => void;
  let fail!: (e: Error) => void;
  const done = new Promise<string>((resolve, reject) => {
    end = () => resolve('synced');
    fail = reject;
  });
  return { done, end, fail };
}

/** Whether `p` settled within a few turns of the event loop. */
async function settlesSoon(p: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void p.then(() => (settled = true));
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  return settled;
}

describe('background work yielding to the syncs', () => {
  it('pauses for a turn only while no sync runs', async () => {
    assert.equal(await settlesSoon(new SyncGate().pause()), true);
  });

  it('holds a pause while a sync runs, and lets it go once the sync ended', async () => {
    const gate = new SyncGate();
    const sync = heldSync();
    const answered = gate.during(sync.done);
    const pause = gate.pause();
    assert.equal(await settlesSoon(pause), false, 'the pause waits for the sync');
    sync.end();
    assert.equal(await answered, 'synced');
    assert.equal(await settlesSoon(pause), true);
  });

  it('lets the pause go after a failed sync too, and waits for a sync that started meanwhile', async () => {
    const gate = new SyncGate();
    const first = heldSync();
    const failed = gate.during(first.done).catch((e: Error) => e.message);
    const pause = gate.pause();
    await settlesSoon(Promise.resolve());
    const second = heldSync();
    const answered = gate.during(second.done);
    first.fail(new Error('offline'));
    assert.equal(await failed, 'offline');
    assert.equal(await settlesSoon(pause), false, 'the second sync still runs');
    second.end();
    await answered;
    assert.equal(await settlesSoon(pause), true);
  });
});
