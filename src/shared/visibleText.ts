/**
 * Feed text shown to people must read as it is. Bidirectional controls reorder what is displayed
 * (the trojan-source trick, CVE-2021-42574: `U+202E` makes `gnp.exe` read `exe.png`), and invisible
 * characters hide or join words unseen (`U+200B`, tag characters that smuggle text). Each such
 * character is shown as `<U+202E>` instead, in every plain-text field: titles, lens texts,
 * diagnostic messages, list rows, hovers, the panel. Tabs and line breaks are kept (callers that
 * need one line flatten them); emoji variation selectors (U+FE00–U+FE0F) too, since they only pick a
 * glyph. Pure and DOM-free: the server and the webview both use it.
 */

/**
 * C0 and C1 controls (but tab and line breaks), soft hyphen, combining grapheme joiner, Arabic
 * letter mark, Hangul fillers, Khmer and Mongolian invisible vowels and selectors, zero-width
 * spaces and joiners, direction marks, line and paragraph separators, bidirectional embeddings,
 * overrides and isolates, invisible operators and deprecated format characters, the byte order
 * mark, interlinear annotations, and the tag and supplementary variation-selector planes.
 */
const HIDDEN = new RegExp(
  // Control and combining characters, each on its own, are what this class is for.
  // eslint-disable-next-line no-misleading-character-class
  '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u00AD\\u034F\\u061C\\u115F\\u1160\\u17B4\\u17B5\\u180B-\\u180F' +
    '\\u200B-\\u200F\\u2028-\\u202E\\u2060-\\u206F\\u3164\\uFEFF\\uFFA0\\uFFF9-\\uFFFB]|\\uDB40[\\uDC00-\\uDDEF]',
  'g',
);

/** The same class as one test, without the alternation (the tag plane's lead surrogate stands for it): the common case, nothing hidden, is one fast scan. */
const MAYBE_HIDDEN = new RegExp(HIDDEN.source.replace('\\uFFF9-\\uFFFB]|\\uDB40[\\uDC00-\\uDDEF]', '\\uFFF9-\\uFFFB\\uDB40]'));

/** `text` with every hidden or direction-changing character written out as `<U+XXXX>`. */
export function showHidden(text: string): string {
  if (!MAYBE_HIDDEN.test(text)) return text;
  return text.replace(HIDDEN, (c) => `<U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`);
}
