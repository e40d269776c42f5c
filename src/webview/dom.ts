/**
 * The one way this app makes DOM: elements by name, text by `textContent`. There is no string
 * of HTML anywhere in src/webview (a unit test greps for it), so feed text can never become markup.
 * Every text (and tooltip) goes through showHidden: a bidirectional override or an invisible
 * character in feed text is written out (`<U+202E>`), never left to change how the text reads.
 */
import { showHidden } from '../shared/visibleText';

/** Attributes people read: written out like text. */
const READ_ATTRIBUTES = new Set(['title', 'aria-label', 'placeholder']);

type Child = Node | string | null | undefined | false;

export interface Props {
  className?: string;
  /** Attributes, set with setAttribute. `style` and `on*` are refused: CSP and safety. */
  attrs?: Record<string, string | number | boolean | undefined>;
  text?: string;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, props?: Props, ...children: Child[]): HTMLElement;
export function h(tag: string, props: Props = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  if (props.className) el.className = props.className;
  for (const [name, value] of Object.entries(props.attrs ?? {})) setAttr(el, name, value);
  if (props.text !== undefined) el.textContent = showHidden(props.text);
  append(el, children);
  return el;
}

export function setAttr(el: Element, name: string, value: string | number | boolean | undefined): void {
  if (name === 'style' || name.toLowerCase().startsWith('on')) throw new Error(`refused attribute ${name}`);
  if (value === undefined || value === false) el.removeAttribute(name);
  else el.setAttribute(name, value === true ? '' : READ_ATTRIBUTES.has(name) ? showHidden(String(value)) : String(value));
}

export function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'string' ? document.createTextNode(showHidden(c)) : c);
  }
}

/** Replaces an element's children. */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}
