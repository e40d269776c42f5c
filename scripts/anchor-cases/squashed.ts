/**
 * A file's text without whitespace, joined, so that a line's text is found wherever it stands: alone,
 * inside a longer line, or wrapped over several. The case builder's own helper: it must not borrow the
 * engine's search, whose answers the cases judge.
 */

/** The whitespace-blind form in which lines are compared (git -w compares the same way). */
export const squash = (line: string): string => line.replace(/\s+/g, '');

/** A line that says nothing on its own: blank, short, or only brackets and punctuation. */
export const saysLittle = (line: string): boolean => /^[{}()[\];,.:]*$/.test(squash(line)) || squash(line).length < 4;

export class SquashedText {
  private readonly joined: string;
  private readonly starts: number[] = [];
  private readonly found = new Map<string, number[]>();

  constructor(lines: readonly string[]) {
    let offset = 0;
    for (const line of lines) {
      this.starts.push(offset);
      offset += squash(line).length;
    }
    this.joined = lines.map(squash).join('');
  }

  /** The lines on which each occurrence of `text` (any whitespace) starts, in order. */
  linesOf(text: string): number[] {
    const needle = squash(text);
    let lines = this.found.get(needle);
    if (lines) return lines;
    lines = [];
    for (let at = needle === '' ? -1 : this.joined.indexOf(needle); at >= 0; at = this.joined.indexOf(needle, at + 1))
      lines.push(this.lineAt(at));
    this.found.set(needle, lines);
    return lines;
  }

  /** The line holding offset `at` of the joined text (the last line starting at or before it). */
  private lineAt(at: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
