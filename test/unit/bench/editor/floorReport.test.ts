import * as assert from 'node:assert/strict';
import type { FloorRun } from '../../../../bench/editor/floorRun';
import { floorRows, overFloor } from '../../../../bench/editor/floorReport';
import { fmt } from '../../../../bench/report';

const MB = 1024 * 1024;
const floorRun = (kind: FloorRun['kind'], peakMb: number): FloorRun => ({
  kind,
  done: { diagnostics: kind === 'editor' ? 0 : 100, files: 10, calls: 1, ms: 50, rssAtActivation: 90 * MB },
  allInProblemsMs: kind === 'editor' ? null : 4000,
  memory: { peakSum: peakMb * MB, peakExtensionHost: peakMb * MB, peakServer: 0, samples: 10, intervalMs: 100 },
  heapAfterGc: (peakMb / 2) * MB,
});

describe('bench/editor/floorReport', () => {
  it('says how far a peak is over the floor, and by what ratio; nothing without both', () => {
    assert.deepEqual(overFloor(300, 200), { over: 100, ratio: 1.5 });
    assert.deepEqual(overFloor(null, 200), { over: null, ratio: null });
    assert.deepEqual(overFloor(300, undefined), { over: null, ratio: null });
    assert.deepEqual(overFloor(300, null), { over: null, ratio: null });
  });

  it("puts each package's cold peak over the bare extension's, with the language client's shape in the note", () => {
    const rows = floorRows(
      100_000,
      [floorRun('bare', 200), floorRun('client', 250), floorRun('editor', 120)],
      [{ prefix: '', coldPeak: 360 * MB, coldHeap: 130 * MB }],
    );
    assert.deepEqual(
      rows.map((r) => r.value),
      [200 * MB, 250 * MB, 120 * MB, 160 * MB, 30 * MB],
    );
    assert.match(rows[0]!.figure, /same 100,000 diagnostics \(a bare extension\)/);
    const over = rows[3]!;
    assert.equal(over.baseline, 200 * MB);
    assert.equal(over.ratio, 1.8);
    assert.match(over.note!, /over the language client’s shape 110 MB/);
    assert.equal(rows[4]!.baseline, 100 * MB, "the heap after a full GC is set against the bare extension's");
  });

  it('writes a peak under its floor as a negative size, not in bytes', () => {
    assert.equal(fmt(-6_479_872, 'B'), '-6.2 MB');
    assert.equal(fmt(-2048, 'B'), '-2.0 KB');
  });
});
