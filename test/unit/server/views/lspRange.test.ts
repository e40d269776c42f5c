import * as assert from 'node:assert/strict';
import { MAX_UINTEGER, validLine, validRange } from '../../../../src/server/views/lspRange';

const range = (sl: number, sc: number, el: number, ec: number) => ({
  start: { line: sl, character: sc },
  end: { line: el, character: ec },
});

describe('validRange (the last guard before a range is published)', () => {
  it('returns a valid range as it is, the same object', () => {
    const r = range(3, 2, 3, 9);
    assert.equal(validRange(r), r);
    assert.equal(validRange(range(0, 0, MAX_UINTEGER, MAX_UINTEGER)).end.line, MAX_UINTEGER);
  });

  it('clamps every number into 0..2^31-1 and whole numbers', () => {
    assert.deepEqual(validRange(range(9007199254740990, 0, 9007199254740990, 4)), range(MAX_UINTEGER, 0, MAX_UINTEGER, 4));
    assert.deepEqual(validRange(range(-1, -5, 2, 1.7)), range(0, 0, 2, 1));
    assert.deepEqual(validRange(range(Number.NaN, 0, Number.POSITIVE_INFINITY, 0)), range(0, 0, MAX_UINTEGER, 0));
  });

  it('collapses an inverted range onto its start', () => {
    assert.deepEqual(validRange(range(2, 9, 2, 2)), range(2, 9, 2, 9));
    assert.deepEqual(validRange(range(5, 0, 1, 0)), range(5, 0, 5, 0));
  });

  it('gives a list row a valid line', () => {
    assert.equal(validLine(-1), 0);
    assert.equal(validLine(2 ** 40), MAX_UINTEGER);
  });
});
