/**
 * Where "next finding" and "previous finding" go, in the file or across the workspace: pure, over
 * the places of the Findings Lens diagnostics that are not resolved (resolved ones are faded
 * hints: nothing to act on). Sorted by file, then line and column; it wraps around.
 */

/** A finding's place: its file URI (as a string) and 0-based position. */
export interface FindingSpot {
  uri: string;
  line: number;
  character: number;
}

export type Direction = 'next' | 'previous';

function compare(a: FindingSpot, b: FindingSpot): number {
  return a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.line - b.line || a.character - b.character;
}

/**
 * The spot after (or before) `from`, among `spots`; in the file only when `sameFile`. Undefined
 * when there is none. A spot exactly at `from` is skipped, so pressing again moves on.
 */
export function nextSpot(
  spots: readonly FindingSpot[],
  from: FindingSpot,
  direction: Direction,
  sameFile: boolean,
): FindingSpot | undefined {
  const pool = (sameFile ? spots.filter((s) => s.uri === from.uri) : spots.slice()).sort(compare);
  if (pool.length === 0) return undefined;
  if (direction === 'next') return pool.find((s) => compare(s, from) > 0) ?? pool[0];
  return [...pool].reverse().find((s) => compare(s, from) < 0) ?? pool[pool.length - 1];
}
