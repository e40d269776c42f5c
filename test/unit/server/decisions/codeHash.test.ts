import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { codeHash, coveredLines, flaggedCodeHash, normaliseCodeLine } from '../../../../src/server/decisions/codeHash';

const sha = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

describe('code hash', () => {
  it('is sha256 of the trimmed lines, whitespace runs collapsed, joined by newlines', () => {
    assert.equal(codeHash(['  const a =\t\t1;  ', 'return  a;']), sha('const a = 1;\nreturn a;'));
    assert.equal(normaliseCodeLine(' \t x  =   y\t'), 'x = y');
  });

  it('does not change when only indentation or spacing changes', () => {
    assert.equal(codeHash(['if (x) {', '  run(x);']), codeHash(['\tif (x)   {', '        run(x);   ']));
  });

  it('changes when the code changes, when a line is added, and when lines are split differently', () => {
    const base = codeHash(['run(x);']);
    assert.notEqual(codeHash(['run(y);']), base);
    assert.notEqual(codeHash(['run(x);', '']), base);
    assert.notEqual(codeHash(['a b']), codeHash(['a', 'b']));
    assert.notEqual(codeHash(['ab']), codeHash(['a b']));
  });

  it('takes the lines a range covers, whatever the line endings', () => {
    const text = 'zero\r\none\ntwo\rthree';
    assert.equal(flaggedCodeHash(text, { start: { line: 1 }, end: { line: 2, character: 3 } }), codeHash(['one', 'two']));
    assert.equal(flaggedCodeHash(text, { start: { line: 3 }, end: { line: 3, character: 99 } }), codeHash(['three']));
  });

  it('does not take a last line the range only touches at column 0', () => {
    assert.deepEqual(coveredLines({ start: { line: 4 }, end: { line: 6, character: 0 } }), { first: 4, last: 5 });
    assert.deepEqual(coveredLines({ start: { line: 4 }, end: { line: 4, character: 0 } }), { first: 4, last: 4 });
  });

  it('has no hash for a range past the end of the text (the code is gone)', () => {
    assert.equal(flaggedCodeHash('one\ntwo', { start: { line: 5 }, end: { line: 5, character: 1 } }), undefined);
  });
});
