import * as assert from 'node:assert/strict';
import type { CallFrame, CpuProfile } from '../../../../bench/editor/cpuProfile';
import { attributeStalls, heldBetween, longestStalls, overlapMs } from '../../../../bench/editor/stalls';

const frame = (functionName: string, url = ''): CallFrame => ({ functionName, url, lineNumber: 0, columnNumber: 0 });
const OURS = 'file:///x/extensions/findings-lens.findings-lens-0.1.0/dist/connection.js';

/**
 * root ─┬─ (idle) 2
 *       ├─ (garbage collector) 3
 *       ├─ handleDiagnostics (ours) 4 ── $changeMany (the editor's, called by ours) 5
 *       └─ somebodyElse 6
 */
function profile(samples: number[]): CpuProfile {
  return {
    nodes: [
      { id: 1, callFrame: frame('(root)'), children: [2, 3, 4, 6] },
      { id: 2, callFrame: frame('(idle)') },
      { id: 3, callFrame: frame('(garbage collector)') },
      { id: 4, callFrame: frame('handleDiagnostics', OURS), children: [5] },
      { id: 5, callFrame: frame('$changeMany', 'file:///vscode/out/vs/workbench/api/node/extensionHostProcess.js') },
      { id: 6, callFrame: frame('somebodyElse', 'file:///vscode/extensions/git/dist/main.js') },
    ],
    startTime: 1_000_000,
    endTime: 1_000_000 + samples.length * 1000,
    samples,
    // One sample a millisecond.
    timeDeltas: samples.map(() => 1000),
  };
}

const isOurs = (f: CallFrame) => f.url.includes('findings-lens.findings-lens-');

describe('bench/editor/stalls', () => {
  it("gives a stall to Findings Lens when most of its JavaScript has our code on the stack, the editor's API code we called included", () => {
    // 0–9 ms: ours and the API under it; 10–19 ms: another extension; GC and idle never count.
    const p = profile([4, 5, 5, 4, 3, 3, 3, 4, 5, 4, 6, 6, 6, 6, 6, 6, 6, 6, 6, 2]);
    const [mine, theirs] = attributeStalls(
      [
        [1_000_000, 1_010_500],
        [1_010_500, 1_020_500],
      ],
      p,
      isOurs,
    );
    assert.equal(mine!.ours, true);
    assert.equal(mine!.oursMs, 7);
    assert.equal(mine!.scriptMs, 7, 'the three GC samples are not JavaScript');
    assert.equal(theirs!.ours, false);
    assert.equal(theirs!.oursMs, 0);
  });

  it('leaves to the machine a stall with little JavaScript in it (the process was waiting for a core), even if that little was ours', () => {
    // 20 ms of ours, then the profile idle: the timer was late 100 ms all the same.
    const p = profile([4, 4, ...Array.from({ length: 98 }, () => 2)]);
    const [stall] = attributeStalls([[1_000_000, 1_100_000]], p, isOurs);
    assert.equal(stall!.oursMs, 2);
    assert.equal(stall!.scriptMs, 2);
    assert.equal(stall!.ours, false);
  });

  it('picks the longest stall and the longest of ours', () => {
    const p = profile([6, 6, 6, 6, 4, 4, 2, 2]);
    const stalls = attributeStalls(
      [
        [1_000_000, 1_004_500],
        [1_004_500, 1_006_500],
      ],
      p,
      isOurs,
    );
    const { longest, longestOurs, oursOver100ms } = longestStalls(stalls);
    assert.equal(longest?.ours, false);
    assert.equal(longestOurs?.ours, true);
    assert.equal(longestOurs?.ms, 2);
    assert.equal(oursOver100ms, 0);
  });

  it('counts only the part of each span inside the window', () => {
    const spans: Array<[number, number]> = [
      [0, 100], // ends before the window
      [150, 100], // 150–250: 50 ms inside
      [300, 50], // inside
      [380, 100], // 380–480: 20 ms inside
    ];
    assert.equal(overlapMs(spans, 200, 400), 50 + 50 + 20);
    assert.equal(overlapMs(spans, 1000, 2000), 0);
    assert.equal(overlapMs([], 0, 10), 0);
  });

  it('says what held the extension host and the renderer between two moments, with the longest stall that overlaps them', () => {
    const held = heldBetween(
      [
        { atMs: 900, ms: 700, top: ['917 (dist/extension.js:2) 145 ms'] }, // began before activate(): 500 ms of it inside
        { atMs: 1700, ms: 200, top: ['n (node/jsonClientMain.js:2) 41 ms'] },
        { atMs: 3000, ms: 900, top: ['after the squiggle'] },
      ],
      [[1200, 60]],
      1100,
      2000,
    );
    assert.deepEqual(held, {
      hostStalledMs: 700,
      longestStall: { ms: 700, top: ['917 (dist/extension.js:2) 145 ms'] },
      rendererLongTasksMs: 60,
    });
    assert.equal(heldBetween([], [], 0, 100).longestStall, null);
  });
});
