import * as assert from 'node:assert/strict';
import { placeFinding, WHOLE_LINE_END } from '../../../src/server/placement';

const doc = (text: string) => ({ getText: () => text, lineCount: text.split('\n').length });

describe('placement', () => {
  it('turns 1-based feed lines and columns into a 0-based range', () => {
    const p = placeFinding({ path: 'a', startLine: 2, startColumn: 3, endLine: 2, endColumn: 7 }, doc('one\nconst x = 1;\n'));
    assert.deepEqual(p, { range: { start: { line: 1, character: 2 }, end: { line: 1, character: 6 } }, state: 'exact' });
  });

  it('covers the whole line when columns are missing, using the open text', () => {
    const p = placeFinding({ path: 'a', startLine: 2 }, doc('one\nconst x = 1;\n'));
    assert.deepEqual(p.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 12 } });
  });

  it('uses a large end column for a closed file', () => {
    const p = placeFinding({ path: 'a', startLine: 5 }, undefined);
    assert.deepEqual(p.range, { start: { line: 4, character: 0 }, end: { line: 4, character: WHOLE_LINE_END } });
  });

  it('clamps columns and end lines to the open document', () => {
    const p = placeFinding({ path: 'a', startLine: 1, startColumn: 50, endLine: 9, endColumn: 3 }, doc('abc\nde'));
    assert.deepEqual(p.range, { start: { line: 0, character: 3 }, end: { line: 1, character: 2 } });
    assert.equal(p.state, 'exact');
  });

  it('is lost when the start line is beyond the end of an open document', () => {
    assert.equal(placeFinding({ path: 'a', startLine: 3 }, doc('a\nb')).state, 'lost');
    assert.equal(placeFinding({ path: 'a', startLine: 2 }, doc('a\nb')).state, 'exact');
  });
});
