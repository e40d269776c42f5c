/**
 * A line diff from the file at the finding's commit ("base") to the current text: which base line
 * is which current line. Lines are compared by key (the engine passes whitespace-blind keys).
 *
 * Patience diff: common prefix and suffix are matched first, then lines that occur exactly once on
 * each side are matched along their longest increasing subsequence, and the gaps between those
 * anchors are diffed the same way. A gap with no unique line falls back to Myers' O((n+m)·D) diff,
 * given up past MAX_MYERS_D edits (the gap is then treated as wholly changed: a rewrite, not an
 * edit). Total cost for a typical edit is O(n log n) in the file length.
 */

const MAX_MYERS_D = 1000;

/** For each base line, the current line it became (-1: changed or deleted); and the reverse. */
export interface LineMap {
  baseToCurrent: Int32Array;
  currentToBase: Int32Array;
}

/** A diff and the lines it compared, each key given a number once: to count repeats without hashing a line again. */
export interface InternedDiff extends LineMap {
  ids: ReadonlyMap<string, number>;
  base: Int32Array;
  current: Int32Array;
}

/** Diffs two files given as arrays of line keys. */
export function diffLines(base: readonly string[], current: readonly string[]): InternedDiff {
  const ids = new Map<string, number>();
  const intern = (key: string): number => {
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    return id;
  };
  const a = Int32Array.from(base, intern);
  const b = Int32Array.from(current, intern);
  const map: LineMap = { baseToCurrent: new Int32Array(a.length).fill(-1), currentToBase: new Int32Array(b.length).fill(-1) };
  patience(a, b, 0, a.length, 0, b.length, map);
  return { ...map, ids, base: a, current: b };
}

/** Myers' diff alone (no patience anchors): a minimal diff, for tests and small inputs. */
export function myersDiff(base: readonly string[], current: readonly string[]): LineMap {
  const ids = new Map<string, number>();
  const intern = (key: string): number => ids.get(key) ?? (ids.set(key, ids.size), ids.size - 1);
  const a = Int32Array.from(base, intern);
  const b = Int32Array.from(current, intern);
  const map: LineMap = { baseToCurrent: new Int32Array(a.length).fill(-1), currentToBase: new Int32Array(b.length).fill(-1) };
  myers(a, b, 0, a.length, 0, b.length, map);
  return map;
}

function record(map: LineMap, i: number, j: number): void {
  map.baseToCurrent[i] = j;
  map.currentToBase[j] = i;
}

function patience(a: Int32Array, b: Int32Array, a0: number, a1: number, b0: number, b1: number, map: LineMap): void {
  while (a0 < a1 && b0 < b1 && a[a0] === b[b0]) record(map, a0++, b0++);
  while (a0 < a1 && b0 < b1 && a[a1 - 1] === b[b1 - 1]) record(map, --a1, --b1);
  if (a0 === a1 || b0 === b1) return;
  const anchors = uniqueCommonAnchors(a, b, a0, a1, b0, b1);
  if (anchors.length === 0) {
    myers(a, b, a0, a1, b0, b1, map);
    return;
  }
  let pa = a0;
  let pb = b0;
  for (const [i, j] of anchors) {
    patience(a, b, pa, i, pb, j, map);
    record(map, i, j);
    pa = i + 1;
    pb = j + 1;
  }
  patience(a, b, pa, a1, pb, b1, map);
}

/** Lines unique on both sides, as (base, current) pairs along their longest increasing subsequence. */
function uniqueCommonAnchors(a: Int32Array, b: Int32Array, a0: number, a1: number, b0: number, b1: number): [number, number][] {
  const inA = new Map<number, number>(); // id → position, or -1 when repeated
  for (let i = a0; i < a1; i++) inA.set(a[i]!, inA.has(a[i]!) ? -1 : i);
  const inB = new Map<number, number>();
  for (let j = b0; j < b1; j++) inB.set(b[j]!, inB.has(b[j]!) ? -1 : j);
  const pairs: [number, number][] = [];
  for (let i = a0; i < a1; i++) {
    if (inA.get(a[i]!) !== i) continue;
    const j = inB.get(a[i]!);
    if (j !== undefined && j >= 0) pairs.push([i, j]);
  }
  return longestIncreasing(pairs);
}

/** The longest subsequence of pairs (sorted by base line) whose current lines increase. O(k log k). */
function longestIncreasing(pairs: [number, number][]): [number, number][] {
  const tails: number[] = []; // index into pairs of the smallest tail of each length
  const previous = new Int32Array(pairs.length).fill(-1);
  for (let p = 0; p < pairs.length; p++) {
    const j = pairs[p]![1];
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[tails[mid]!]![1] < j) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[p] = tails[lo - 1]!;
    tails[lo] = p;
  }
  const out: [number, number][] = [];
  for (let p = tails.length ? tails[tails.length - 1]! : -1; p >= 0; p = previous[p]!) out.push(pairs[p]!);
  return out.reverse();
}

/** Myers' greedy diff of a gap, recording its matches; records nothing past MAX_MYERS_D edits. */
function myers(a: Int32Array, b: Int32Array, a0: number, a1: number, b0: number, b1: number, map: LineMap): void {
  const n = a1 - a0;
  const m = b1 - b0;
  const maxD = Math.min(n + m, MAX_MYERS_D);
  const offset = maxD + 1;
  const v = new Int32Array(2 * maxD + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= maxD; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[a0 + x] === b[b0 + y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        backtrack(trace, d, n, m, (x0, y0) => record(map, a0 + x0, b0 + y0));
        return;
      }
    }
  }
}

function backtrack(trace: Int32Array[], dEnd: number, n: number, m: number, onMatch: (x: number, y: number) => void): void {
  let x = n;
  let y = m;
  for (let d = dEnd; d > 0; d--) {
    const saved = trace[d]!; // v before step d, stored for k in [-d-1, d+1]
    const at = (k: number): number => saved[k + d + 1]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) onMatch(--x, --y);
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) onMatch(--x, --y);
}
