/**
 * With the file at the finding's commit: the flagged lines were rewritten where they stood. The
 * nearest unchanged telling lines above and below them are as far apart now as they were, and every
 * unchanged line between them kept its distance: those neighbours pin the flagged lines' place, so
 * the lines there now are shown, uncertain, rather than nothing (`lost`).
 */
import type { PreparedBase } from './anchor';
import { rangeOfLines } from './range';
import { reasons } from './reason';
import type { Target } from './target';
import { isTrivial } from './text';
import type { TextIndex } from './textIndex';
import type { Anchor } from './types';

/** How far the pinning lines may be from the flagged ones. */
const REACH = 8;

export function replacedInPlace(target: Target, current: TextIndex, base: PreparedBase, commit?: string): Anchor | undefined {
  const { startLine: s, endLine: e } = target;
  const b2c = base.map.baseToCurrent;
  const c2b = base.map.currentToBase;
  if (e >= b2c.length) return undefined;
  const pin = (i: number) => b2c[i]! >= 0 && !isTrivial(base.index.squashedAt(i));
  let p = s - 1;
  while (p >= 0 && p >= s - REACH && !pin(p)) p--;
  let q = e + 1;
  while (q < b2c.length && q <= e + REACH && !pin(q)) q++;
  // Pinned on each side by a telling unchanged line, or by the file's edge; by at least one line.
  const above = p < 0 ? -1 : pin(p) ? b2c[p]! : undefined;
  const below = q >= b2c.length ? current.lines.length : pin(q) ? b2c[q]! : undefined;
  if (above === undefined || below === undefined || (p < 0 && q >= b2c.length)) return undefined;
  if (below - above !== q - p) return undefined;
  for (let i = p + 1; i < q; i++) if (b2c[i]! >= 0 && b2c[i] !== above + (i - p)) return undefined;
  const from = above + (s - p);
  const to = above + (e - p);
  let saysSomething = false;
  for (let line = from; line <= to; line++) {
    if (c2b[line]! >= 0) return undefined; // an unchanged line: not a rewrite of the flagged ones
    if (!isTrivial(current.squashedAt(line))) saysSomething = true;
  }
  if (!saysSomething) return undefined; // rewritten as blank lines: deleted
  return {
    range: rangeOfLines(current.lines, from, to, target, false),
    state: 'uncertain',
    confidence: 0.35,
    reason: reasons.editedInPlace(commit),
  };
}
