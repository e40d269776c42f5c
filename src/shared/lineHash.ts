/**
 * GitHub code scanning's `primaryLocationLineHash` (the scheme of github/codeql-action's
 * fingerprints.ts), written out in docs/feed-protocol.md "Line hash" so a feed can produce it.
 *
 * The text is read as one stream with spaces and tabs dropped and every line ending (\r\n, \r, \n)
 * turned into \n; the stream ends with the code 65535 and is then padded with zeros. A line's hash is
 * the polynomial rolling hash, base 37 mod 2^64, of the 100 stream characters (UTF-16 code units)
 * that start at the line's first character; it is printed in lowercase hex without leading zeros,
 * then `:n` where n counts the lines of the file so far (this one included) with the same hex.
 *
 * Shared: the language server anchors findings with it, and the SARIF upload computes it for results
 * that do not carry one (src/feed/sarif), so the two can never disagree.
 *
 * 64-bit arithmetic is done on two 32-bit halves held in doubles: every intermediate product stays
 * below 2^53, so it is exact, and no BigInt is allocated per character.
 */

const WINDOW = 100;
const BASE = 37;
const LF = 10;
const EOF = 65535;
const TWO_32 = 4294967296;

/** The `hex:n` hash of every line of `text` (index 0 is line 1). */
export function lineHashes(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  const seen = new Map<string, number>();
  return lines.map((_, i) => {
    const hex = lineHashHex(lines, i);
    const n = (seen.get(hex) ?? 0) + 1;
    seen.set(hex, n);
    return `${hex}:${n}`;
  });
}

/** The `hex:n` hash of one 0-based line of `text`. */
export function lineHash(text: string, line: number): string {
  const all = lineHashes(text);
  const hash = all[line];
  if (hash === undefined) throw new RangeError(`line ${line} is outside the text (${all.length} lines)`);
  return hash;
}

/**
 * The hex part of line `index`'s hash, from the already split `lines` alone: it reads at most 100
 * non-blank characters forward, so a window of lines can be hashed without the rest of the file.
 * `skip` leaves out `count` lines from line `from` on: the hash the line had before they were inserted.
 */
export function lineHashHex(lines: readonly string[], index: number, skip?: { from: number; count: number }): string {
  let hi = 0;
  let lo = 0;
  let taken = 0;
  const push = (code: number): void => {
    const low = lo * BASE + code;
    const carry = Math.floor(low / TWO_32);
    lo = low - carry * TWO_32;
    hi = (hi * BASE + carry) % TWO_32;
    taken++;
  };
  for (let k = index; k < lines.length && taken < WINDOW; k++) {
    if (skip && k === skip.from) k += skip.count;
    if (k >= lines.length) break;
    const line = lines[k]!;
    for (let c = 0; c < line.length && taken < WINDOW; c++) {
      const code = line.charCodeAt(c);
      if (code !== 32 && code !== 9) push(code);
    }
    if (taken < WINDOW) push(k < lines.length - 1 ? LF : EOF);
  }
  while (taken < WINDOW) push(0);
  return toHex(hi, lo);
}

/**
 * The lines from `index` on as they would read with the `replaced` lines there reading `replacement`
 * instead, as far as a line hash of their first line can read (even with 3 lines skipped): to ask
 * whether the lines below an edited line are still the ones that were below the flagged line.
 */
export function withReplacement(lines: readonly string[], index: number, replaced: number, replacement: readonly string[]): string[] {
  // Every line adds at least its line break to the stream, so WINDOW lines (3 more for skipping) of
  // what follows are enough: the last is never read to its end unless it is the file's last line.
  return [...replacement, ...lines.slice(index + replaced, index + replaced + WINDOW + 3)];
}

/** The repeat count `n` of a `hex:n` hash: the flagged line was the n-th of the file with that hex (1 when absent). */
export function hashOrdinal(hash: string): number {
  const n = Number(hash.slice(hash.indexOf(':') + 1));
  return hash.includes(':') && Number.isInteger(n) && n >= 1 ? n : 1;
}

/** The hex part of a `hex:n` hash. */
export function hashHex(hash: string): string {
  const colon = hash.indexOf(':');
  return colon < 0 ? hash : hash.slice(0, colon);
}

function toHex(hi: number, lo: number): string {
  if (hi === 0) return lo.toString(16);
  return hi.toString(16) + lo.toString(16).padStart(8, '0');
}
