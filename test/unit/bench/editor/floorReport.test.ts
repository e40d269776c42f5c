import * as assert from 'node:assert/strict';
import type { RunFigures, StallFigure } from '../../../../bench/editor/editorRun';
import { fromFileText, warmSquiggle } from '../../../../bench/editor/editorReport';
import type { FloorRun } from '../../../../bench/editor/floorRun';
import { floorRows, floorStallRows, overFloor, stallSummary, warmFloorRow } from '../../../../bench/editor/floorReport';
import type { WarmFloorRun } from '../../../../bench/editor/warmFloorRun';
import { fmt } from '../../../../bench/report';

const MB = 1024 * 1024;
const floorRun = (kind: FloorRun['kind'], peakMb: number): FloorRun => ({
  kind,
  done: { diagnostics: kind === 'editor' ? 0 : 100, files: 10, calls: 1, ms: 50, rssAtActivation: 90 * MB },
  allInProblemsMs: kind === 'editor' ? null : 4000,
  memory: { peakSum: peakMb * MB, peakExtensionHost: peakMb * MB, peakServer: 0, samples: 10, intervalMs: 100 },
  heapAfterGc: (peakMb / 2) * MB,
});

const stall = (ms: number, gcMs: number, ours: boolean): StallFigure => ({
  atMs: 1000,
  ms,
  oursMs: ours ? ms - gcMs : 0,
  scriptMs: ms - gcMs,
  gcMs,
  ours,
  top: [],
});

/** Stalls as editorRun.ts stallFigures has them: the longest, the longest of ours, every one over 100 ms. */
const stalls = (all: StallFigure[]): RunFigures['stalls'] => {
  const byLength = [...all].sort((a, b) => b.ms - a.ms);
  return {
    longest: byLength[0] ?? null,
    longestOurs: byLength.find((s) => s.ours) ?? null,
    oursOver100ms: all.filter((s) => s.ours && s.ms > 100).length,
    count: all.length,
    over100ms: all.filter((s) => s.ms > 100),
  };
};

const warmRun = (activateRanMs: number, fileTextMs: number, firstSquiggleMs: number): WarmFloorRun => ({
  diagnostics: 7,
  problems: 6,
  activationEvent: 'onLanguage',
  activateRanMs,
  fileTextMs,
  firstSquiggleMs,
  stalls: stalls([stall(150, 20, false)]),
  watchedFromMs: 0,
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

  it("sums a start's stalls: the longest of the extension's and of any cause with their GC, and the GC in those over 100 ms", () => {
    assert.deepEqual(stallSummary(stalls([stall(300, 250, false), stall(180, 150, true), stall(90, 80, true), stall(120, 0, false)])), {
      longestOurs: 180,
      longestOursGc: 150,
      oursOver100ms: 1,
      longest: 300,
      longestGc: 250,
      over100ms: 3,
      over100msTotal: 600,
      over100msGc: 400,
    });
    assert.deepEqual(stallSummary(stalls([])), {
      longestOurs: 0,
      longestOursGc: 0,
      oursOver100ms: 0,
      longest: 0,
      longestGc: 0,
      over100ms: 0,
      over100msTotal: 0,
      over100msGc: 0,
    });
  });

  it("gives each floor start's longest stall of the extension's against the target, with Findings Lens's own beside it; none for a start without stalls", () => {
    const bare = { ...floorRun('bare', 200), stalls: stalls([stall(300, 250, false), stall(180, 150, true)]) };
    const calm = { ...floorRun('client', 200), stalls: stalls([stall(60, 50, true)]) };
    const rows = floorStallRows(100_000, [bare, calm, floorRun('editor', 120)], [{ prefix: '', longestStallOurs: 134 }]);
    assert.equal(rows.length, 2, 'the bare editor here has no stalls recorded (an older record)');
    assert.deepEqual(
      rows.map((r) => [r.value, r.pass]),
      [
        [180, false],
        [60, true],
      ],
    );
    assert.match(
      rows[0]!.note!,
      /^GC 150 ms of it; 1 of the extension’s over 100 ms; of any cause: longest 300 ms \(GC 250 ms\), 2 over 100 ms \(480 ms in all, GC 400 ms\); Findings Lens’s own 134 ms$/,
    );
  });

  it("sets the warm floor's first squiggle after activate() beside this tree's warm figure, against the 300 ms target", () => {
    const runs = [warmRun(5000, 1000, 5040), warmRun(5200, 1100, 5260), warmRun(5100, 1000, 5150)];
    const row = warmFloorRow(10_000, runs, warmSquiggle(runs), fromFileText, [
      { prefix: 'main: ', warmAfterActivate: 1500 },
      { prefix: 'this: ', warmAfterActivate: 820 },
    ]);
    assert.equal(row.value, 50, 'the median of 40, 60 and 50');
    assert.equal(row.pass, true);
    assert.equal(row.baseline, 820, "the last package's (this tree's)");
    assert.match(row.figure, /the open file’s 7 diagnostics/);
    assert.match(
      row.note!,
      /activate\(\) \+4100 ms, the squiggle \+4150 ms; on onLanguage; longest extension-host stall 150 ms; others’ warm main: 1500 ms$/,
    );
    const held = {
      ...warmRun(5000, 1000, 5800),
      between: { hostStalledMs: 620, longestStall: { ms: 677, top: ['917 (dist/extension.js:2) 145 ms'] }, rendererLongTasksMs: 90 },
    };
    assert.match(
      warmFloorRow(10_000, [held], warmSquiggle([held]), fromFileText, []).note!,
      /between activate\(\) and the squiggle the extension host stalled 620 ms \(longest 677 ms: 917 \(dist\/extension\.js:2\) 145 ms\), the renderer’s long tasks 90 ms$/,
    );
    const slow = [warmRun(5000, 1000, 5400)];
    assert.equal(warmFloorRow(10_000, slow, warmSquiggle(slow), fromFileText, []).pass, false);
  });
});
