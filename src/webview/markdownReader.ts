/**
 * The one reading of a finding's message the panel draws (markdownView.ts): markdown-it with HTML
 * off (tags stay text), no images (nothing is loaded from the feed's text), no linkify, no
 * typographer. A link is drawn as a link only when its target is https (src/shared/messageLinks.ts).
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

/** The https links the panel draws for a message, in order. */
export function drawnLinks(markdown: string): string[] {
  const links: string[] = [];
  for (const block of parseFindingMarkdown(markdown)) {
    for (const t of block.children ?? []) {
      if (t.type !== 'link_open') continue;
      const href = t.attrGet('href');
      if (href && /^https:/i.test(href)) links.push(href);
    }
  }
  return links;
}
