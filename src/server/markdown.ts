/**
 * Markdown from the feed is untrusted (the finding message is written by a model). VS Code renders
 * hover markdown with `isTrusted=false` and no HTML, but the server must not rely on one editor's
 * defaults: it neutralises what could act on its own before anything is sent.
 *
 * The sanitiser is deliberately NOT code-aware: it does not skip code spans or fences. If its idea
 * of where code starts differed from the renderer's (lists, block quotes, lazy lines), a link could
 * slip through; the price of being uniform is a stray backslash or `&lt;` inside code samples.
 */

/** Link targets a user may follow from a hover. Checked on the raw text, so entities and escapes in the scheme fail. */
const SAFE_TARGET = /^(?:https?):\/\//i;

/**
 * Neutralises untrusted markdown:
 * - `<` that could open an HTML tag, comment, declaration or autolink becomes `&lt;` (shown as `<`);
 * - every inline link or image (`](target`) and link reference definition (`]: target`) whose
 *   target is not http(s) is broken with a backslash, so it renders as its plain text.
 */
export function sanitizeMarkdown(untrusted: string): string {
  const noHtml = untrusted.replace(/<(?=[A-Za-z/!?])/g, '&lt;');
  return neutraliseLinkTargets(noHtml);
}

/** Escapes text so that markdown shows it literally (titles, rule ids, reasons, names). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_{}[\]()#+\-.!|<>~&:"'=$]/g, '\\$&');
}

function neutraliseLinkTargets(text: string): string {
  let out = '';
  let from = 0;
  for (let i = text.indexOf(']', 0); i !== -1; i = text.indexOf(']', i + 1)) {
    const opener = text[i + 1];
    if (opener !== '(' && opener !== ':') continue;
    if (SAFE_TARGET.test(destinationAfter(text, i + 2))) continue;
    out += `${text.slice(from, i + 1)}\\`;
    from = i + 1;
  }
  return out + text.slice(from);
}

/** The link destination starting at `at`, after the blanks (one line ending included) markdown allows. */
function destinationAfter(text: string, at: number): string {
  return text.slice(at, at + 64).replace(/^[ \t]*(?:\r\n|\r|\n)?[ \t]*/, '');
}
