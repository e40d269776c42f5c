import * as assert from 'node:assert/strict';
import { keepFeedColumns, placeFinding, WHOLE_LINE_END, type Placement } from '../../../../src/server/views/placement';

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

  describe('keepFeedColumns', () => {
    const text = 'const a = 1;\nconst sql = "SELECT * FROM t WHERE id = " + id;\nrun(sql);';
    const location = {
      path: 'a.ts',
      startLine: 2,
      startColumn: 13,
      endColumn: 48,
      snippet: 'const sql = "SELECT * FROM t WHERE id = " + id;',
    };
    const engine: Placement = {
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 48 } },
      state: 'exact',
      confidence: 1,
      reason: 'unchanged',
    };

    it("keeps the feed's columns on the engine's lines while the snippet still matches them", () => {
      const kept = keepFeedColumns(engine, location, doc(text));
      assert.deepEqual(kept.range, { start: { line: 1, character: 12 }, end: { line: 1, character: 47 } });
      assert.equal(kept.state, 'exact');
      const moved = keepFeedColumns(
        { ...engine, state: 'moved', range: { start: { line: 2, character: 0 }, end: { line: 2, character: 48 } } },
        location,
        doc(`// new\n${text}`),
      );
      assert.deepEqual(moved.range, { start: { line: 2, character: 12 }, end: { line: 2, character: 47 } });
    });

    it("leaves the engine's range when the code changed, with no snippet or no columns, or for a guess", () => {
      const edited = doc(text.replace('+ id', '+ Number(id)'));
      assert.equal(keepFeedColumns(engine, location, edited), engine);
      assert.equal(keepFeedColumns(engine, { ...location, snippet: undefined }, doc(text)), engine);
      assert.equal(keepFeedColumns(engine, { path: 'a.ts', startLine: 2, snippet: location.snippet }, doc(text)), engine);
      const guess: Placement = { ...engine, state: 'uncertain' };
      assert.equal(keepFeedColumns(guess, location, doc(text)), guess);
      assert.equal(keepFeedColumns(engine, location, undefined), engine);
    });

    it('counts columns in UTF-16 code units, as JavaScript strings and LSP do, on a line with non-ASCII text', () => {
      const line = 'const s = "😀 café"; eval(input);';
      const start = line.indexOf('eval');
      const loc = { path: 'a.ts', startLine: 1, startColumn: start + 1, endColumn: start + 'eval(input)'.length + 1, snippet: line };
      const kept = keepFeedColumns(
        { ...engine, range: { start: { line: 0, character: 0 }, end: { line: 0, character: line.length } } },
        loc,
        doc(line),
      );
      assert.equal(line.slice(kept.range.start.character, kept.range.end.character), 'eval(input)');
      const closed = placeFinding(loc, undefined);
      assert.equal(line.slice(closed.range.start.character, closed.range.end.character), 'eval(input)');
    });
  });
});
