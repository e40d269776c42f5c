/**
 * Whether the lines around a place are the lines that stood around the flagged code at the commit:
 * what tells one copy of repeated code from another, and pins an edited line to its place. A match
 * of the flagged text alone (or of its line hash) says nothing about which copy is meant.
 */
import type { Target } from './target';
import { isTrivial } from './text';
import type { Repeats } from './repeats';
import type { TextIndex } from './textIndex';

/** How many lines each side are compared. */
const REACH = 3;

export interface Agreement {
  /** Telling lines within reach (either side) that stand at the same distance from the place. */
  agreeing: number;
  /** Telling lines within reach that do not. */
  disagreeing: number;
  /** The agreeing lines, nearer ones weighing more: to rank places. */
  score: number;
}

/** Compares the lines around current lines `start..end` with those around the flagged lines in `base`. */
export function agreementAt(target: Target, base: TextIndex, current: TextIndex, start: number, end: number): Agreement {
  const agreement: Agreement = { agreeing: 0, disagreeing: 0, score: 0 };
  const compare = (baseLine: number, currentLine: number, distance: number) => {
    const text = base.squashedAt(baseLine);
    if (isTrivial(text)) return;
    if (currentLine >= current.from && currentLine <= current.to && current.squashedAt(currentLine) === text) {
      agreement.agreeing++;
      agreement.score += 1 / distance;
    } else agreement.disagreeing++;
  };
  for (let d = 1; d <= REACH; d++) {
    if (target.startLine - d >= base.from) compare(target.startLine - d, start - d, d);
    if (target.endLine + d <= base.to) compare(target.endLine + d, end + d, d);
  }
  return agreement;
}

/** The neighbours pin the place: every telling line within reach agrees, and there is at least one. */
export function neighboursAgree(a: Agreement): boolean {
  return a.disagreeing === 0 && a.agreeing > 0;
}

/**
 * The flagged code occurs more than once, at the commit or now (every telling flagged line does,
 * whitespace-blind): its text alone cannot say which copy is meant.
 */
export function isRepeated(target: Target, repeats: Repeats): boolean {
  const telling = target.needleLines.filter((l) => !isTrivial(l));
  return (
    telling.length > 0 &&
    telling.every((l) => {
      const n = repeats.times(l);
      return n.base > 1 || n.current > 1;
    })
  );
}
