/**
 * A finding's message is markdown written by a model: untrusted. This is the one reading of it
 * that the panel draws (src/webview/markdownView.ts builds DOM nodes from these tokens, never HTML)
 * and that the panel's host checks a clicked link against: markdown-it with HTML off (tags stay
 * text), no images (nothing is loaded from the feed's text), no linkify, no typographer. A link is
 * a link only when its target is https: `javascript:`, `command:`, `file:`, `data:` and the rest
 * are shown as their text.
 *
 * It imports markdown-it, pure JavaScript with no DOM and no node:*, so that the webview and the
 * host read the message the same way.
 */
import MarkdownIt from 'markdown-it';

const reader = new MarkdownIt('default', { html: false, linkify: false, typographer: false }).disable(['image']);

/** One markdown-it token, as far as the panel reads it. */
export interface MarkdownToken {
  type: string;
  tag: string;
  nesting: number;
  content: string;
  hidden: boolean;
  attrGet(name: string): string | null;
  children: MarkdownToken[] | null;
}

/** The block tokens of a message (inline ones hold their children). */
export function parseFindingMarkdown(markdown: string): MarkdownToken[] {
  return reader.parse(markdown, {}) as unknown as MarkdownToken[];
}

/** The URL to open for a link target, or undefined when it is not an https URL (or hides credentials). */
export function safeLinkTarget(href: string | null | undefined): string | undefined {
  if (!href) return undefined;
  try {
    const url = new URL(href);
    if (url.protocol !== 'https:' || url.username !== '' || url.password !== '') return undefined;
    return url.href;
  } catch {
    return undefined;
  }
}

/** The https links of a message, in order: what the host may open when the panel asks. */
export function messageLinks(markdown: string): string[] {
  const links: string[] = [];
  for (const block of parseFindingMarkdown(markdown)) {
    for (const t of block.children ?? []) {
      const target = t.type === 'link_open' ? safeLinkTarget(t.attrGet('href')) : undefined;
      if (target !== undefined) links.push(target);
    }
  }
  return links;
}
