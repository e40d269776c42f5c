/**
 * A finding's message is markdown written by a model: untrusted. It is shown as plain text in a
 * preformatted block, line breaks kept; nothing in it is a link, an image or markup.
 */
import { h } from './dom';

/** Trims the message to what is worth showing: no trailing blank lines, tabs as two spaces. */
export function messageToPlainText(markdown: string): string {
  return markdown.replace(/\r\n?/g, '\n').replace(/\t/g, '  ').replace(/\s+$/, '');
}

export function renderMessage(markdown: string): HTMLElement {
  return h('pre', { className: 'message', text: messageToPlainText(markdown) });
}
