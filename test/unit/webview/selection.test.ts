import * as assert from 'node:assert/strict';
import { EMPTY_SELECTION, clickRow, moveFocus, retainVisible, selectAll, toggleFocused } from '../../../src/webview/selection';

const ids = ['a', 'b', 'c', 'd', 'e'];

describe('selection model', () => {
  it('a click selects one row; Ctrl+Click toggles; Shift+Click selects the range from the anchor', () => {
    let s = clickRow(EMPTY_SELECTION, ids, 1);
    assert.deepEqual(s.selected, ['b']);
    s = clickRow(s, ids, 3, { ctrl: true });
    assert.deepEqual(s.selected, ['b', 'd']);
    s = clickRow(s, ids, 1, { ctrl: true });
    assert.deepEqual(s.selected, ['d']);
    // Ctrl+Click moved the anchor to b.
    s = clickRow(s, ids, 4, { shift: true });
    assert.deepEqual(s.selected, ['b', 'c', 'd', 'e']);
    assert.equal(s.focusId, 'e');
    assert.equal(s.anchorId, 'b');
    s = clickRow(s, ids, 0, { shift: true });
    assert.deepEqual(s.selected, ['a', 'b']);
  });

  it('arrows move and select; from nothing, Down starts at the top and Up at the bottom', () => {
    assert.equal(moveFocus(EMPTY_SELECTION, ids, 1).focusId, 'a');
    assert.equal(moveFocus(EMPTY_SELECTION, ids, -1).focusId, 'e');
    let s = moveFocus(EMPTY_SELECTION, ids, 1);
    s = moveFocus(s, ids, 1);
    assert.deepEqual(s.selected, ['b']);
    s = moveFocus(s, ids, 100);
    assert.equal(s.focusId, 'e');
    s = moveFocus(s, ids, -100);
    assert.equal(s.focusId, 'a');
  });

  it('Shift+arrows extend from the anchor, and shrink back', () => {
    let s = clickRow(EMPTY_SELECTION, ids, 1);
    s = moveFocus(s, ids, 1, { shift: true });
    s = moveFocus(s, ids, 1, { shift: true });
    assert.deepEqual(s.selected, ['b', 'c', 'd']);
    s = moveFocus(s, ids, -3, { shift: true });
    assert.deepEqual(s.selected, ['a', 'b']);
  });

  it('Ctrl+arrows move the focus only; Space toggles the focused row', () => {
    let s = clickRow(EMPTY_SELECTION, ids, 0);
    s = moveFocus(s, ids, 2, { ctrl: true });
    assert.deepEqual(s.selected, ['a']);
    assert.equal(s.focusId, 'c');
    s = toggleFocused(s);
    assert.deepEqual(s.selected, ['a', 'c']);
    s = toggleFocused(s);
    assert.deepEqual(s.selected, ['a']);
  });

  it('Ctrl+A selects every visible row', () => {
    assert.deepEqual(selectAll(EMPTY_SELECTION, ids).selected, ids);
  });

  it('keeps only visible rows after a filter, moving the focus to a kept one', () => {
    const s = retainVisible({ selected: ['a', 'c', 'e'], focusId: 'a', anchorId: 'a' }, ['c', 'd', 'e']);
    assert.deepEqual(s, { selected: ['c', 'e'], focusId: 'c', anchorId: 'c' });
    const same = { selected: ['c'], focusId: 'c', anchorId: 'c' };
    assert.equal(retainVisible(same, ids), same);
  });

  it('ignores clicks outside the list', () => {
    assert.equal(clickRow(EMPTY_SELECTION, ids, 99), EMPTY_SELECTION);
    assert.equal(moveFocus(clickRow(EMPTY_SELECTION, ids, 0), [], 1), EMPTY_SELECTION);
  });
});
