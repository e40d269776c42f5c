/**
 * A SARIF message as the finding's markdown and as plain text (for the title), SARIF §3.11:
 * the text or markdown of the message, or the rule's (or tool's) message string its `id` names;
 * `{0}` placeholders filled from `arguments` (`{{` and `}}` are literal braces); embedded links
 * `[text](n)` to the result's own locations written as the text and the place (`path:line`).
 * Plain text is escaped so that markdown shows it as written.
 */
import type { ReportingDescriptor, SarifMessage, ToolComponent } from './schema';

export interface MessageContext {
  rule: ReportingDescriptor | undefined;
  driver: ToolComponent;
  /** `path:line` of the result's location with this id, if it has one. */
  place(id: number): string | undefined;
}

export interface RenderedMessage {
  markdown: string;
  plain: string;
}

const PLACEHOLDER = /\{\{|\}\}|\{(\d+)\}/g;
// What escapeMarkdown escapes: a character anywhere, or a marker that starts a line.
const NEEDS_ESCAPE = /[\\`*_[\]~<]|(?:^|[\r\n])\s*(?:[#>+=-]|\d+[.)])/;
// §3.11.6: a plain-text link's text escapes [ ] and \ with a backslash; its destination has no spaces or parentheses.
const PLAIN_LINK = /\[((?:[^[\]\\]|\\[[\]\\])*)\]\(([^()\s]*)\)/g;
const MARKDOWN_INDEX_LINK = /\[((?:[^[\]\\]|\\.)*)\]\((\d+)\)/g;

/**
 * Escapes text so markdown shows it as written, line breaks included. Only what markdown would
 * read as syntax is escaped (emphasis, code, links, HTML, a list or heading marker starting a
 * line): the triage panel shows the message's markdown as plain text, where every backslash shows.
 */
export function escapeMarkdown(text: string): string {
  // Most text has nothing markdown would read as syntax: then only its line breaks change.
  if (!NEEDS_ESCAPE.test(text)) return text.includes('\n') || text.includes('\r') ? text.split(/\r\n|\r|\n/).join('  \n') : text;
  return text
    .split(/\r\n|\r|\n/)
    .map((line) =>
      line
        .replace(/[\\`*_[\]~]/g, '\\$&')
        .replace(/<(?=[A-Za-z/!?])/g, '\\<')
        .replace(/^(\s*)([#>+=-])/, '$1\\$2')
        .replace(/^(\s*\d+)([.)])/, '$1\\$2'),
    )
    .join('  \n');
}

/** Fills `{n}` from `args` (a missing argument leaves the placeholder as written). */
export function fillPlaceholders(template: string, args: readonly string[], escape: (s: string) => string): string {
  return template.replace(PLACEHOLDER, (whole, index: string | undefined) => {
    if (index === undefined) return whole[0]!;
    const value = args[Number(index)];
    return value === undefined ? whole : escape(value);
  });
}

function template(message: SarifMessage, context: MessageContext): { text?: string; markdown?: string } {
  if (message.text !== undefined || message.markdown !== undefined) return message;
  if (message.id === undefined) return {};
  return context.rule?.messageStrings?.[message.id] ?? context.driver.globalMessageStrings?.[message.id] ?? {};
}

function linkText(text: string): string {
  return text.replace(/\\([[\]\\])/g, '$1');
}

/** Plain text with its links resolved: `text (path:line)` for a location, the text alone for a URI. */
function plainOf(text: string, context: MessageContext): string {
  return text.replace(PLAIN_LINK, (_, label: string, target: string) => {
    const place = /^\d+$/.test(target) ? context.place(Number(target)) : undefined;
    return place ? `${linkText(label)} (${place})` : linkText(label);
  });
}

/** Markdown from plain text: escaped, with its links resolved (an https link stays a link). */
function markdownOfText(text: string, context: MessageContext): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(PLAIN_LINK)) {
    out += escapeMarkdown(text.slice(last, match.index));
    const [, label, target] = match as unknown as [string, string, string];
    const place = /^\d+$/.test(target) ? context.place(Number(target)) : undefined;
    if (place) out += `${escapeMarkdown(linkText(label))} (\`${place.replace(/`/g, "'")}\`)`;
    else if (target.startsWith('https://')) out += `[${escapeMarkdown(linkText(label))}](${target})`;
    else out += escapeMarkdown(linkText(label));
    last = match.index + match[0].length;
  }
  return out + escapeMarkdown(text.slice(last));
}

/** A markdown message with its links to locations resolved; other links are left to the client's sanitiser. */
function markdownOfMarkdown(markdown: string, context: MessageContext): string {
  return markdown.replace(MARKDOWN_INDEX_LINK, (_whole, label: string, target: string) => {
    const place = context.place(Number(target));
    return place ? `${label} (\`${place.replace(/`/g, "'")}\`)` : label;
  });
}

export function renderMessage(message: SarifMessage, context: MessageContext): RenderedMessage {
  const { text, markdown } = template(message, context);
  const args = message.arguments ?? [];
  const plainText = text !== undefined ? fillPlaceholders(text, args, (s) => s) : undefined;
  return {
    markdown:
      markdown !== undefined
        ? markdownOfMarkdown(fillPlaceholders(markdown, args, escapeMarkdown), context)
        : markdownOfText(plainText ?? '', context),
    plain: plainText !== undefined ? plainOf(plainText, context) : (markdown ?? ''),
  };
}
