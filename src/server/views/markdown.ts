/**
 * Markdown from the feed is untrusted (the finding message is written by a model). VS Code renders
 * hover markdown with `isTrusted=false` and no HTML, but the server must not rely on one editor's
 * defaults: it neutralises what could act on its own before anything is sent.
 *
 * Links are neutralised uniformly, code included: if the sanitiser's idea of where code starts
 * differed from the renderer's (fences in lists, block quotes, lazy lines), a link could slip
 * through, so the price is a stray backslash in the rare code sample holding `](`.
 * HTML is escaped outside code only, so that `query<Payment>(` in a sample stays readable. A
 * mismatch there is harmless: the renderer shows no HTML anyway (VS Code's hover default); the
 * escaping is the second layer, for editors that would.
 */

/** Link targets a user may follow from a hover. Checked on the raw text, so entities and escapes in the scheme fail. */
const SAFE_TARGET = /^(?:https?):\/\//i;

/**
 * Neutralises untrusted markdown:
 * - `<` that could open an HTML tag, comment or declaration becomes `&lt;` (shown as `<`), outside
 *   code; `<` that could open an autolink (`<scheme:`) becomes `&lt;` everywhere;
 * - every inline link or image (`](target`) and link reference definition (`]: target`) whose
 *   target is not http(s) is broken with a backslash, so it renders as its plain text.
 */
export function sanitizeMarkdown(untrusted: string): string {
  const noHtml = mapOutsideCode(untrusted, (text) => text.replace(/<(?=[A-Za-z/!?])/g, '&lt;'));
  // Autolinks (`<command:x>`) are links: like the others, neutralised in code too.
  return neutraliseLinkTargets(noHtml.replace(AUTOLINK_START, '&lt;'));
}

const AUTOLINK_START = /<(?=[A-Za-z][A-Za-z0-9+.-]{1,31}:)/g;

/** Escapes text so that markdown shows it literally (titles, rule ids, reasons, names). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_{}[\]()#+\-.!|<>~&:"'=$]/g, '\\$&');
}

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;

/** Applies `transform` to the text outside fenced code blocks and inline code spans. */
export function mapOutsideCode(markdown: string, transform: (text: string) => string): string {
  const lines = markdown.split(/(?<=\n)/);
  let out = '';
  let prose = '';
  let fence: string | undefined;
  for (const line of lines) {
    if (fence === undefined) {
      const open = FENCE_OPEN.exec(line);
      if (open && !(open[1]![0] === '`' && line.slice(open[0].length).includes('`'))) {
        out += mapOutsideCodeSpans(prose, transform) + line;
        prose = '';
        fence = open[1];
      } else prose += line;
    } else {
      out += line;
      const close = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*(?:\\r?\\n)?$`);
      if (close.test(line)) fence = undefined;
    }
  }
  return out + mapOutsideCodeSpans(prose, transform);
}

/** Inline code spans: a run of n backticks up to the next run of exactly n, within one paragraph. */
function mapOutsideCodeSpans(prose: string, transform: (text: string) => string): string {
  return prose
    .split(/(\n[ \t]*\n)/)
    .map((paragraph, i) => (i % 2 === 1 ? paragraph : mapParagraph(paragraph, transform)))
    .join('');
}

function mapParagraph(paragraph: string, transform: (text: string) => string): string {
  let out = '';
  let from = 0;
  const runs = /`+/g;
  for (let open = runs.exec(paragraph); open; open = runs.exec(paragraph)) {
    const closeAt = findRun(paragraph, open[0].length, runs.lastIndex);
    if (closeAt === -1) continue;
    out += transform(paragraph.slice(from, open.index)) + paragraph.slice(open.index, closeAt + open[0].length);
    from = closeAt + open[0].length;
    runs.lastIndex = from;
  }
  return out + transform(paragraph.slice(from));
}

/** Where the next run of exactly `length` backticks starts at or after `from`, or -1. */
function findRun(text: string, length: number, from: number): number {
  const runs = /`+/g;
  runs.lastIndex = from;
  for (let m = runs.exec(text); m; m = runs.exec(text)) if (m[0].length === length) return m.index;
  return -1;
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
