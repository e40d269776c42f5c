import * as assert from 'node:assert/strict';
import { h } from '../../../src/webview/dom';

/** Just enough of a document for h(): elements record their text, attributes and children. */
class FakeElement {
  textContent = '';
  className = '';
  readonly attributes = new Map<string, string>();
  readonly children: unknown[] = [];
  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value);
  }
  removeAttribute(name: string): void {
    this.attributes.delete(name);
  }
  appendChild(child: unknown): unknown {
    this.children.push(child);
    return child;
  }
}

describe('the panel writes hidden characters out in every text it shows', () => {
  const saved = (globalThis as { document?: unknown }).document;
  before(() => {
    (globalThis as { document?: unknown }).document = {
      createElement: () => new FakeElement(),
      createTextNode: (text: string) => ({ text }),
    };
  });
  after(() => {
    (globalThis as { document?: unknown }).document = saved;
  });

  it('in text, text children and the attributes people read, but not in ids and values', () => {
    const title = 'Safe\u202E gnp.exe\u200B';
    const el = h('div', { text: title, attrs: { title, 'data-id': 'F\u200B1' } }, `by ${title}`) as unknown as FakeElement;
    assert.equal(el.textContent, 'Safe<U+202E> gnp.exe<U+200B>');
    assert.equal(el.attributes.get('title'), 'Safe<U+202E> gnp.exe<U+200B>');
    assert.equal(el.attributes.get('data-id'), 'F\u200B1', 'an id is data, not text: kept as it is');
    assert.deepEqual(el.children, [{ text: 'by Safe<U+202E> gnp.exe<U+200B>' }]);
  });
});
