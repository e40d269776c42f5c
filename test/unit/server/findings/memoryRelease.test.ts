import * as assert from 'node:assert/strict';
import { getHeapSpaceStatistics } from 'node:v8';
import { inspectorCollect, MemoryRelease } from '../../../../src/server/findings/memoryRelease';

/** A release whose collector counts its calls, on a fake RSS that the collector lowers. */
function counted(threshold = 1000, collect?: () => Promise<void>, bigRead = 800) {
  let rss = 400;
  const calls = { n: 0 };
  const release = new MemoryRelease({
    threshold,
    bigRead,
    rss: () => rss,
    collect:
      collect ??
      (async () => {
        calls.n += 1;
        rss = 250;
      }),
  });
  return { release, calls };
}

function youngGenerationBytes(): number {
  return getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.physical_space_size;
}

describe('giving memory back after big work', () => {
  it('waits until enough bytes were read, then collects once and starts counting again', async () => {
    const { release, calls } = counted(1000, undefined, 10_000);
    release.note(600);
    assert.equal(await release.releaseIfDue(), undefined, 'not yet: 600 of 1,000');
    release.note(400);
    const released = await release.releaseIfDue();
    assert.equal(calls.n, 1);
    assert.equal(released?.rssBefore, 400);
    assert.equal(released?.rssAfter, 250);
    assert.ok(released.ms >= 0);
    assert.equal(await release.releaseIfDue(), undefined, 'nothing new since');
    release.note(999);
    assert.equal(await release.releaseIfDue(), undefined);
    assert.equal(calls.n, 1);
  });

  it('collects after one big read on its own, and only once for it', async () => {
    const { release, calls } = counted(10_000, undefined, 800);
    release.note(799);
    release.note(0);
    assert.equal(await release.releaseIfDue(), undefined, 'not big, and 799 of 10,000');
    release.note(800);
    assert.ok(await release.releaseIfDue(), 'one answer of 800 bytes is big');
    assert.equal(calls.n, 1);
    release.note(100);
    assert.equal(await release.releaseIfDue(), undefined, 'the big read was released already');
  });

  it('runs one collection when asked twice at once', async () => {
    let finish: () => void = () => undefined;
    let calls = 0;
    const { release } = counted(10, () => {
      calls += 1;
      return new Promise<void>((resolve) => (finish = resolve));
    });
    release.note(10);
    const first = release.releaseIfDue();
    release.note(10);
    assert.equal(await release.releaseIfDue(), undefined, 'the second ask while one runs');
    finish();
    assert.ok(await first);
    assert.equal(calls, 1);
  });

  it('stops trying once the collector failed, and says why the one time', async () => {
    let calls = 0;
    const { release } = counted(10, async () => {
      calls += 1;
      throw new Error('inspector not available');
    });
    release.note(10);
    await assert.rejects(release.releaseIfDue(), /inspector not available/);
    release.note(10_000);
    assert.equal(await release.releaseIfDue(), undefined);
    assert.equal(calls, 1);
  });

  it('with the inspector, shrinks the young generation that short-lived garbage grew', async function () {
    this.timeout(20_000);
    // Short-lived objects, as a sync's parsed pages are: the young generation grows to hold them.
    let sink = 0;
    for (let i = 0; i < 2_000_000; i++) sink += [i, `${i}`, { i }].length;
    assert.ok(sink > 0);
    const before = youngGenerationBytes();
    assert.ok(before >= 2 * 1048576, `the garbage grew the young generation (${before} bytes)`);
    await inspectorCollect();
    const after = youngGenerationBytes();
    assert.ok(after <= before / 2, `young generation ${before} → ${after} bytes`);
  });
});
