/**
 * How much of a finding's text each place in the editor shows. A feed can send an 8 MB message or
 * a 5 MB title; the Problems panel, a hover or a code lens is no place for them (VS Code renders
 * the whole thing, and the server sends it on every publish). Each place shows up to its cap and
 * says the text was cut; the details panel (getFinding) has it all. Hidden and direction-changing
 * characters are written out everywhere (see src/shared/visibleText.ts).
 */
import { showHidden } from '../../shared/visibleText';

/** The caps, in UTF-16 code units (JavaScript characters). The README's Limits table lists them. */
export const TEXT_CAPS = {
  /** A title in a diagnostic, a hover heading, a list row. */
  title: 300,
  /** A title inside a code lens (one short line). */
  lensTitle: 80,
  /** A rule id, a name, a reason code, a related location's or flow step's message, a path in a row. */
  field: 200,
  /** A decision's comment in a hover. */
  comment: 2_000,
  /** The finding's message in a hover. */
  hoverMessage: 20_000,
  /** The feed's own words in an error or a refused decision. */
  feedMessage: 500,
} as const;

/** Related locations and flow steps on one diagnostic, together; the rest are counted in a last entry. */
export const MAX_RELATED = 50;

/** Findings in one hover (several may cover one spot); the rest are counted. */
export const MAX_HOVER_FINDINGS = 10;

/** What a cut text ends with: that it was cut, and where to read it all. */
export const CUT_MARK = ' … (cut: the details panel shows it all)';

/** Feed text as it may be shown: hidden characters written out, at most `max` characters, then {@link CUT_MARK}. */
export function shown(text: string, max: number, mark = CUT_MARK): string {
  // Cut before writing out (a text of hidden characters grows eightfold), then never end inside a `<U+…>`.
  const cut = text.length > max;
  const visible = showHidden(cut ? cutAt(text, max) : text);
  if (!cut && visible.length <= max) return visible;
  return `${cutAt(visible, max).replace(/<(?:U(?:\+[0-9A-F]{0,6})?)?$/, '')}${mark}`;
}

/** The first `max` characters, never half of a surrogate pair. */
function cutAt(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}
