/**
 * One file's lines prepared for searching: whitespace-blind ("squashed") lines, their join (so a
 * snippet re-wrapped over several lines is still one substring), and line hashes on demand.
 * An index may cover a window of lines only, so a keystroke never prepares the whole file.
 */
import { lineHashHex } from '../../shared/lineHash';
import { squash } from './text';

/** Where a squashed needle occurs: lines are absolute, offsets are within the squashed lines. */
export interface Occurrence {
  startLine: number;
  endLine: number;
  /** Offset of the first character in squash(lines[startLine]). */
  startOffset: number;
  /** Offset just past the last character in squash(lines[endLine]). */
  endOffset: number;
  /** The match covers whole lines, first to last character. */
  aligned: boolean;
}

export class TextIndex {
  readonly squashed: string[];
  private joined: string | undefined;
  private starts: Int32Array | undefined;
  private readonly hexes = new Map<number, string>();

  /** Indexes `lines[from..to]` (inclusive) of a file whose lines are all of `lines`. */
  constructor(
    readonly lines: readonly string[],
    readonly from = 0,
    readonly to = lines.length - 1,
  ) {
    this.squashed = [];
    for (let i = from; i <= to; i++) this.squashed.push(squash(lines[i]!));
  }

  /** The squashed form of absolute line `line` (within the window). */
  squashedAt(line: number): string {
    return this.squashed[line - this.from] ?? '';
  }

  /** The hex part of the line hash of absolute line `line` (reads past the window if it must). */
  hexAt(line: number): string {
    let hex = this.hexes.get(line);
    if (hex === undefined) this.hexes.set(line, (hex = lineHashHex(this.lines, line)));
    return hex;
  }

  /** Every occurrence of a squashed needle starting within lines [fromLine, toLine]. */
  occurrences(needle: string, fromLine = this.from, toLine = this.to): Occurrence[] {
    if (needle === '') return [];
    const { joined, starts } = this.join();
    const out: Occurrence[] = [];
    const limit = toLine - this.from + 1 < starts.length ? starts[toLine - this.from + 1]! : joined.length;
    let at = joined.indexOf(needle, starts[Math.max(0, fromLine - this.from)] ?? joined.length);
    while (at >= 0 && at < limit) {
      out.push(this.occurrenceAt(at, needle.length));
      at = joined.indexOf(needle, at + 1);
    }
    return out;
  }

  private occurrenceAt(at: number, length: number): Occurrence {
    const starts = this.starts!;
    const first = lineOfOffset(starts, at);
    const last = lineOfOffset(starts, at + length - 1);
    const startOffset = at - starts[first]!;
    const endOffset = at + length - starts[last]!;
    const aligned = startOffset === 0 && endOffset === this.squashed[last]!.length;
    return { startLine: first + this.from, endLine: last + this.from, startOffset, endOffset, aligned };
  }

  private join(): { joined: string; starts: Int32Array } {
    if (this.joined === undefined || this.starts === undefined) {
      this.starts = new Int32Array(this.squashed.length);
      let offset = 0;
      this.squashed.forEach((s, i) => {
        this.starts![i] = offset;
        offset += s.length;
      });
      this.joined = this.squashed.join('');
    }
    return { joined: this.joined, starts: this.starts };
  }
}

/**
 * The window line holding offset `at`: the last line starting at or before it (empty lines share
 * their start with the next line, and hold nothing, so the last of them is the right one).
 */
function lineOfOffset(starts: Int32Array, at: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
