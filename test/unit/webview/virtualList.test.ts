import * as assert from 'node:assert/strict';
import { scrollToReveal, visibleRange } from '../../../src/webview/virtualList';

describe('visibleRange', () => {
  it('draws the first screen plus overscan at the top', () => {
    assert.deepEqual(visibleRange(0, 240, 24, 10_000, 5), { start: 0, end: 16, offset: 0, totalHeight: 240_000 });
  });

  it('draws only a window in the middle of 10,000 rows', () => {
    const w = visibleRange(24 * 5000, 240, 24, 10_000, 5);
    assert.equal(w.start, 4995);
    assert.equal(w.end, 5016);
    assert.equal(w.offset, 4995 * 24);
    assert.ok(w.end - w.start < 30);
  });

  it('clamps at the bottom and past the end', () => {
    const w = visibleRange(1e9, 240, 24, 100, 5);
    assert.equal(w.end, 100);
    assert.equal(w.start, 90 - 5);
  });

  it('handles an empty list, a negative scroll and a list shorter than the viewport', () => {
    assert.deepEqual(visibleRange(0, 240, 24, 0, 5), { start: 0, end: 0, offset: 0, totalHeight: 0 });
    assert.deepEqual(visibleRange(-50, 240, 24, 3, 5), { start: 0, end: 3, offset: 0, totalHeight: 72 });
  });

  it('scrolls just enough to reveal a row', () => {
    assert.equal(scrollToReveal(0, 48, 240, 24), 0);
    assert.equal(scrollToReveal(20, 0, 240, 24), 21 * 24 - 240);
    assert.equal(scrollToReveal(3, 0, 240, 24), null);
  });
});
