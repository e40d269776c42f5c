import { strict as assert } from 'node:assert';
import { mapRegion, utf16Column, wholeLines } from '../../../../src/feed/sarif/region';

describe('SARIF regions: lines, columns and snippet', () => {
  it('keeps 1-based lines and columns (SARIF counts UTF-16 code units unless columnKind says otherwise)', () => {
    assert.deepEqual(mapRegion({ startLine: 14, startColumn: 3, endLine: 20, endColumn: 5 }, undefined, undefined), {
      startLine: 14,
      startColumn: 3,
      endLine: 20,
      endColumn: 5,
    });
    assert.deepEqual(mapRegion({ startLine: 7, startColumn: 3, endColumn: 16 }, undefined, 'utf16CodeUnits'), {
      startLine: 7,
      startColumn: 3,
      endColumn: 16,
    });
    assert.deepEqual(
      mapRegion({ startLine: 7, endColumn: 9 }, undefined, undefined),
      { startLine: 7, startColumn: 1, endColumn: 9 },
      'startColumn defaults to 1',
    );
  });

  it('puts a result without a region on the first line of its file', () => {
    assert.deepEqual(mapRegion(undefined, undefined, undefined), { startLine: 1 });
  });

  it('refuses regions it cannot place on lines, saying why', () => {
    assert.match(
      (mapRegion({ charOffset: 120, charLength: 4 }, undefined, undefined) as { reason: string }).reason,
      /character offsets only \(charOffset\).*upload with the CLI/,
    );
    assert.match((mapRegion({ byteOffset: 10 }, undefined, undefined) as { reason: string }).reason, /binary region/);
    assert.match(
      (mapRegion({ startLine: 9, endLine: 8 }, undefined, undefined) as { reason: string }).reason,
      /ends \(line 8\) before it starts \(line 9\)/,
    );
    assert.match(
      (mapRegion({ startLine: 9, startColumn: 7, endColumn: 3 }, undefined, undefined) as { reason: string }).reason,
      /ends \(column 3\) before it starts \(column 7\)/,
    );
  });

  it("takes the snippet from a whole-line context region, sliced to the region's lines", () => {
    const context = { startLine: 10, endLine: 14, snippet: { text: 'a\nb\nc\nd\ne\n' } };
    assert.deepEqual(mapRegion({ startLine: 12, startColumn: 2, endLine: 13, endColumn: 2 }, context, undefined), {
      startLine: 12,
      startColumn: 2,
      endLine: 13,
      endColumn: 2,
      snippet: 'c\nd',
    });
    assert.deepEqual(
      mapRegion({ startLine: 3, snippet: { text: '  whole();' } }, undefined, undefined),
      { startLine: 3, snippet: '  whole();' },
      'a region without columns: its own snippet is the line',
    );
  });

  it('never takes a partial text as the snippet', () => {
    // flawfinder's region starts after the indentation: its snippet is not the region's text, nor provably the line.
    assert.equal(
      (
        mapRegion({ startLine: 5, startColumn: 3, endColumn: 16, snippet: { text: '  char buf[32];' } }, undefined, undefined) as {
          snippet?: string;
        }
      ).snippet,
      undefined,
    );
    const partialContext = { startLine: 4, startColumn: 5, endLine: 6, snippet: { text: 'x\ny\nz' } };
    assert.equal((mapRegion({ startLine: 5 }, partialContext, undefined) as { snippet?: string }).snippet, undefined);
    const elsewhere = { startLine: 40, endLine: 41, snippet: { text: 'p\nq' } };
    assert.equal((mapRegion({ startLine: 5 }, elsewhere, undefined) as { snippet?: string }).snippet, undefined);
    assert.equal(
      wholeLines([{ startLine: 1, endLine: 3, snippet: { text: 'only\ntwo' } }], 1, 1),
      undefined,
      'a snippet with the wrong number of lines',
    );
  });

  it('converts columns counted in code points to UTF-16 with the line, and drops them without it', () => {
    const line = "const s = '😀'; eval(x);";
    assert.equal(utf16Column(line, 17), 18, 'one more unit for the surrogate pair before it');
    assert.equal(utf16Column(line, 5), 5);
    assert.equal(utf16Column('ab', 6), 6, 'past the end of the line: counted on');
    const context = { startLine: 2, endLine: 2, snippet: { text: line } };
    assert.deepEqual(mapRegion({ startLine: 2, startColumn: 17, endColumn: 21 }, context, 'unicodeCodePoints'), {
      startLine: 2,
      startColumn: 18,
      endColumn: 22,
      snippet: line,
    });
    assert.deepEqual(mapRegion({ startLine: 2, startColumn: 17, endColumn: 21 }, undefined, 'unicodeCodePoints'), {
      startLine: 2,
      columnsDropped: true,
    });
  });
});
