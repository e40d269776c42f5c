/**
 * The order of a full listing asked for with `order=path` (docs/feed-protocol.md, "Findings in
 * path order"): by `location.path` compared as UTF-8 bytes, then by change sequence. The feed sorts
 * in SQL (SQLite's BINARY collation, PostgreSQL's `COLLATE "C"`); the language server checks the
 * order it is given with {@link comparePaths}, which must agree with both.
 */

/** The value of the `order` query parameter, and of a page's `order` field, for path order. */
export const PATH_ORDER = 'path';

/**
 * Compares two paths as their UTF-8 bytes would compare (negative, 0, positive). UTF-8 byte order
 * is code point order; JavaScript's `<` compares UTF-16 code units, which puts the surrogates of
 * an astral character (U+10000 and up, D800–DFFF) before U+E000–U+FFFF. The first differing code
 * unit decides, with that one range moved to where its code points are.
 */
export function comparePaths(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** A code unit's place in code point order: surrogates (astral characters) after U+E000–U+FFFF. */
function codePointRank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}
