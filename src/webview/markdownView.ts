/**
 * A finding's message drawn as DOM nodes from markdown-it's tokens (markdownReader.ts):
 * paragraphs, headings, lists, quotes, code, emphasis and tables become elements from a fixed
 * list, text goes in as text nodes, and only https links become links. No HTML string is built
 * and no element is named by the feed. A click on a link goes to the host, which opens it
 * (`onLink`); the webview's own link handling never sees it.
 */
import { safeLinkTarget } from '../shared/messageLinks';
import { parseFindingMarkdown, type MarkdownToken } from './markdownReader';
import { h } from './dom';

/** Block tokens (`*_open`) → the element drawn; headings are kept small inside the details. */
const BLOCKS: Record<string, string> = {
  paragraph_open: 'p',
  heading_open: 'h4',
  bullet_list_open: 'ul',
  ordered_list_open: 'ol',
  list_item_open: 'li',
  blockquote_open: 'blockquote',
  table_open: 'table',
  thead_open: 'thead',
  tbody_open: 'tbody',
  tr_open: 'tr',
  th_open: 'th',
  td_open: 'td',
};

/** Inline tokens (`*_open`) → the element drawn. */
const INLINES: Record<string, string> = { strong_open: 'strong', em_open: 'em', s_open: 's' };

export function renderMarkdown(markdown: string, onLink: (url: string) => void): HTMLElement {
  const root = h('div', { className: 'message' });
  const stack: HTMLElement[] = [root];
  const top = (): HTMLElement => stack[stack.length - 1]!;
  for (const t of parseFindingMarkdown(markdown)) {
    if (t.type === 'inline') appendInline(top(), t.children ?? []);
    else if (t.nesting === 1) stack.push(openBlock(top(), t));
    else if (t.nesting === -1) stack.length = Math.max(1, stack.length - 1);
    else if (t.type === 'fence' || t.type === 'code_block')
      top().appendChild(h('pre', { className: 'code' }, h('code', { text: t.content.replace(/\n$/, '') })));
    else if (t.type === 'hr') top().appendChild(h('hr'));
    else if (t.content) top().appendChild(document.createTextNode(t.content));
  }
  // Taken here, before the webview's own handler (on the window) opens the link by itself.
  root.addEventListener('click', (ev) => {
    const link = (ev.target as Element).closest('a');
    if (!link) return;
    ev.preventDefault();
    ev.stopPropagation();
    const url = safeLinkTarget(link.getAttribute('href'));
    if (url) onLink(url);
  });
  return root;
}

/** A tight list's paragraphs are hidden: their text goes straight into the list item. */
function openBlock(parent: HTMLElement, t: MarkdownToken): HTMLElement {
  if (t.hidden) return parent;
  const el = h(BLOCKS[t.type] ?? 'div');
  const start = t.type === 'ordered_list_open' ? Number(t.attrGet('start') ?? 1) : 1;
  if (start > 1 && Number.isInteger(start)) el.setAttribute('start', String(start));
  parent.appendChild(el);
  return el;
}

function appendInline(parent: HTMLElement, tokens: readonly MarkdownToken[]): void {
  const stack: HTMLElement[] = [parent];
  const top = (): HTMLElement => stack[stack.length - 1]!;
  for (const t of tokens) {
    if (t.type === 'text') top().appendChild(document.createTextNode(t.content));
    else if (t.type === 'code_inline') top().appendChild(h('code', { text: t.content }));
    else if (t.type === 'softbreak') top().appendChild(document.createTextNode('\n'));
    else if (t.type === 'hardbreak') top().appendChild(h('br'));
    else if (t.type === 'link_open') stack.push(top().appendChild(link(t)));
    else if (INLINES[t.type]) stack.push(top().appendChild(h(INLINES[t.type]!)));
    else if (t.nesting === -1) stack.length = Math.max(1, stack.length - 1);
    else if (t.content) top().appendChild(document.createTextNode(t.content));
  }
}

/** An https link, with its target shown on hover; anything else is its text, in a plain span. */
function link(t: MarkdownToken): HTMLElement {
  const url = safeLinkTarget(t.attrGet('href'));
  if (!url) return h('span', { className: 'not-a-link' });
  return h('a', { attrs: { href: url, title: url } });
}
