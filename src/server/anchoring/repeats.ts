/**
 * How many times a line occurs at the commit and now, counted from the lines the diff already
 * numbered (diff.ts interns each distinct line once): no line is hashed again, and the counts are
 * taken only the first time a finding asks.
 */
import type { InternedDiff } from './diff';

export class Repeats {
  private counts: { base: Int32Array; current: Int32Array } | undefined;

  constructor(private readonly diff: InternedDiff) {}

  /** How many lines are, whitespace-blind, `squashed`: in the file at the commit, and now. */
  times(squashed: string): { base: number; current: number } {
    const id = this.diff.ids.get(squashed);
    if (id === undefined) return { base: 0, current: 0 };
    const counts = (this.counts ??= {
      base: tally(this.diff.base, this.diff.ids.size),
      current: tally(this.diff.current, this.diff.ids.size),
    });
    return { base: counts.base[id]!, current: counts.current[id]! };
  }
}

function tally(lines: Int32Array, size: number): Int32Array {
  const out = new Int32Array(size);
  for (const id of lines) out[id]!++;
  return out;
}
