/**
 * Line-level text helpers shared by the engine: splitting any line ending, and the whitespace-blind
 * form ("squashed") in which lines and snippets are compared, so that CRLF, tabs against spaces,
 * re-indentation and re-wrapping never break a match.
 */

const LINE_BREAK = /\r\n|\r|\n/;

/** Splits text into lines the way LSP counts them: `\r\n`, `\r` and `\n` each end a line. */
export function splitLines(text: string): string[] {
  return text.split(LINE_BREAK);
}

/** The line without any whitespace: the key under which lines and snippets are compared. */
export function squash(line: string): string {
  return line.replace(/\s+/g, '');
}

/**
 * A line that says too little to identify code on its own (`}`, `end`, `);`, blank): a match on it
 * alone is never trusted.
 */
export function isTrivial(squashed: string): boolean {
  return squashed.length < 4 || /^[\s{}()[\];,.:]*$/.test(squashed);
}

/**
 * How alike two squashed lines are, 0..1: the Sørensen–Dice coefficient of their character bigrams.
 * Cheap (linear), and tolerant of a renamed identifier or an added argument.
 */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const counts = new Map<string, number>();
  for (let i = 0; i < a.length - 1; i++) {
    const g = a.slice(i, i + 2);
    counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  let shared = 0;
  for (let i = 0; i < b.length - 1; i++) {
    const g = b.slice(i, i + 2);
    const n = counts.get(g) ?? 0;
    if (n > 0) {
      counts.set(g, n - 1);
      shared++;
    }
  }
  return (2 * shared) / (a.length - 1 + b.length - 1);
}

/**
 * Maps an offset in `squash(line)` back to an offset in `line` (the character that squashed
 * character came from). `squashedOffset` equal to the squashed length maps past the last
 * non-whitespace character.
 */
export function unsquashOffset(line: string, squashedOffset: number): number {
  let seen = 0;
  for (let i = 0; i < line.length; i++) {
    if (/\s/.test(line[i]!)) continue;
    if (seen === squashedOffset) return i;
    seen++;
  }
  return line.replace(/\s+$/, '').length;
}
