import { strict as assert } from 'node:assert';
import { diffLines, myersDiff } from '../../../../src/server/anchoring/diff';

function lcsLength(a: string[], b: string[]): number {
  const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      dp[i]![j] = a[i - 1] === b[j - 1] ? dp[i - 1]![j - 1]! + 1 : Math.max(dp[i - 1]![j]!, dp[i]![j - 1]!);
  return dp[a.length]![b.length]!;
}

function random(seed: number): () => number {
  return () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
}

describe('diffLines', () => {
  it('maps unchanged lines across an insertion and a deletion', () => {
    const map = diffLines(['a', 'b', 'c', 'd'], ['a', 'x', 'b', 'd']);
    assert.deepEqual([...map.baseToCurrent], [0, 2, -1, 3]);
    assert.deepEqual([...map.currentToBase], [0, -1, 1, 3]);
  });

  it('maps a file to itself line by line', () => {
    const lines = ['x', 'y', 'x', 'z'];
    assert.deepEqual([...diffLines(lines, lines).baseToCurrent], [0, 1, 2, 3]);
  });

  it('treats a rewrite as all changed', () => {
    const map = diffLines(['one', 'two'], ['three', 'four', 'five']);
    assert.deepEqual([...map.baseToCurrent], [-1, -1]);
  });

  it('keeps matches in order, one to one, on equal lines (property)', () => {
    const next = random(7);
    for (let t = 0; t < 500; t++) {
      const a = Array.from({ length: Math.floor(next() * 20) }, () => 'abcde'[Math.floor(next() * 5)]!);
      const b = Array.from({ length: Math.floor(next() * 20) }, () => 'abcde'[Math.floor(next() * 5)]!);
      const map = diffLines(a, b);
      let last = -1;
      map.baseToCurrent.forEach((j, i) => {
        if (j < 0) return;
        assert.ok(j > last, 'matches must increase');
        assert.equal(a[i], b[j]);
        assert.equal(map.currentToBase[j], i);
        last = j;
      });
    }
  });

  it('Myers (the fallback for gaps with no unique line) finds a longest common subsequence', () => {
    const next = random(11);
    for (let t = 0; t < 300; t++) {
      const a = Array.from({ length: 8 + Math.floor(next() * 12) }, () => 'ab'[Math.floor(next() * 2)]!);
      const b = Array.from({ length: 8 + Math.floor(next() * 12) }, () => 'ab'[Math.floor(next() * 2)]!);
      const matched = [...myersDiff(a, b).baseToCurrent].filter((j) => j >= 0).length;
      assert.equal(matched, lcsLength(a, b), `${a.join('')} / ${b.join('')}`);
    }
  });

  it('diffs 10,000 lines with a few edits quickly', () => {
    const base = Array.from({ length: 10_000 }, (_, i) => `line ${i} of the file;`);
    const current = [...base.slice(0, 100), 'new', ...base.slice(100, 5000), ...base.slice(5010)];
    const started = performance.now();
    const map = diffLines(base, current);
    assert.ok(performance.now() - started < 500);
    assert.equal(map.baseToCurrent[9999], 9990);
    assert.equal(map.baseToCurrent[5005], -1);
  });
});
