import { strict as assert } from 'node:assert';
import { lineHash, lineHashes, lineHashHex } from '../../../../src/server/anchoring/lineHash';

// Expected values from github/codeql-action src/fingerprints.test.ts (the scheme GitHub code scanning uses).
describe('lineHash (GitHub primaryLocationLineHash)', () => {
  it('hashes an empty file as one line', () => {
    assert.deepEqual(lineHashes(''), ['c129715d7a2bc9a3:1']);
  });

  it('ignores spaces and tabs, and matches the published values', () => {
    assert.deepEqual(lineHashes(' a\nb\n  \t\tc\n d'), [
      '271789c17abda88f:1',
      '54703d4cd895b18:1',
      '180aee12dab6264:1',
      'a23a3dc5e078b07b:1',
    ]);
  });

  it('gives the same hashes for LF, CR, CRLF and mixed line endings', () => {
    const expected = [
      'e9496ae3ebfced30:1',
      'fb7c023a8b9ccb3f:1',
      'ce8ba1a563dcdaca:1',
      'e20e36e16fcb0cc8:1',
      'b3edc88f2938467e:1',
      'c8e28b0b4002a3a0:1',
      'c129715d7a2bc9a3:1',
    ];
    assert.deepEqual(lineHashes(' hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n'), expected);
    assert.deepEqual(lineHashes(' hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r'), expected);
    assert.deepEqual(lineHashes(' hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n'), expected);
    assert.deepEqual(lineHashes(' hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n'), expected);
  });

  it('numbers repeats of the same hash in file order', () => {
    assert.deepEqual(lineHashes('Lorem ipsum dolor sit amet.\n'.repeat(10)), [
      'a7f2ff13bc495cf2:1',
      'a7f2ff13bc495cf2:2',
      'a7f2ff13bc495cf2:3',
      'a7f2ff13bc495cf2:4',
      'a7f2ff13bc495cf2:5',
      'a7f2ff13bc495cf2:6',
      'a7f2ff1481e87703:1',
      'a9cf91f7bbf1862b:1',
      '55ec222b86bcae53:1',
      'cc97dc7b1d7d8f7b:1',
      'c129715d7a2bc9a3:1',
    ]);
  });

  it('hashes one line, and refuses a line outside the text', () => {
    assert.equal(lineHash(' a\nb\n  \t\tc\n d', 2), '180aee12dab6264:1');
    assert.throws(() => lineHash('a', 3), RangeError);
  });

  it('can hash a line as it was before lines were inserted below it', () => {
    const before = 'alpha();\nbeta();\ngamma();'.split('\n');
    const after = 'alpha();\nbeta();\ninserted();\ngamma();'.split('\n');
    assert.notEqual(lineHashHex(after, 0), lineHashHex(before, 0));
    assert.equal(lineHashHex(after, 0, { from: 2, count: 1 }), lineHashHex(before, 0));
  });
});
