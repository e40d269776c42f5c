import { strict as assert } from 'node:assert';
import { hashOrdinal, lineHashHex, withReplacement } from '../../../../src/shared/lineHash';
import { diffLines } from '../../../../src/server/anchoring/diff';
import { agreementAt, isRepeated, neighboursAgree } from '../../../../src/server/anchoring/neighbours';
import { Repeats } from '../../../../src/server/anchoring/repeats';
import { targetOf } from '../../../../src/server/anchoring/target';
import { TextIndex } from '../../../../src/server/anchoring/textIndex';

describe('neighbours', () => {
  const base = [
    'function a() {',
    '  const x = loadA();',
    '  check(x);',
    '  saveA(x);',
    '}',
    '',
    'function b() {',
    '  const x = loadB();',
    '  check(x);',
    '  saveB(x);',
    '}',
  ];
  const index = new TextIndex(base);
  const target = targetOf({ path: 'x', startLine: 3 }, base);

  it('counts agreeing and disagreeing telling lines within three lines, braces and blanks aside', () => {
    const same = agreementAt(target, index, index, 2, 2);
    assert.deepEqual([same.agreeing, same.disagreeing], [3, 0], 'function a, loadA, saveA (the brace is not telling)');
    assert.ok(neighboursAgree(same));
    const other = agreementAt(target, index, index, 8, 8);
    assert.deepEqual([other.agreeing, other.disagreeing], [0, 3]);
    assert.ok(!neighboursAgree(other));
    assert.ok(same.score > other.score);
  });

  it('does not agree when one side disagrees, and needs at least one telling line', () => {
    const current = new TextIndex(base.map((l, i) => (i === 3 ? '  saveA(x, force);' : l)));
    assert.ok(!neighboursAgree(agreementAt(target, index, current, 2, 2)));
    const alone = ['}', '', 'check(x);', '', '}'];
    const t = targetOf({ path: 'x', startLine: 3 }, alone);
    assert.ok(!neighboursAgree(agreementAt(t, new TextIndex(alone), new TextIndex(alone), 2, 2)));
  });

  it('calls code repeated when every telling flagged line occurs more than once, at the commit or now', () => {
    const repeats = (now: string[]) => new Repeats(diffLines(index.squashed, new TextIndex(now).squashed));
    assert.ok(isRepeated(target, repeats(base)), 'check(x) is in both functions');
    const unique = targetOf({ path: 'x', startLine: 2 }, base);
    assert.ok(!isRepeated(unique, repeats(base)));
    assert.ok(isRepeated(unique, repeats([...base, '  const x = loadA();'])), 'a copy added since');
  });
});

describe('repeats', () => {
  it("counts whitespace-blind equal lines at the commit and now, from the diff's numbered lines", () => {
    const r = new Repeats(diffLines(['a=1', 'a=1', 'b=2'], ['a=1', 'c=3']));
    assert.deepEqual(r.times('a=1'), { base: 2, current: 1 });
    assert.deepEqual(r.times('c=3'), { base: 0, current: 1 });
    assert.deepEqual(r.times('d=4'), { base: 0, current: 0 });
  });
});

describe('line hash helpers', () => {
  it('reads the repeat count of a hash, 1 when absent or malformed', () => {
    assert.equal(hashOrdinal('abc:3'), 3);
    assert.equal(hashOrdinal('abc'), 1);
    assert.equal(hashOrdinal('abc:x'), 1);
    assert.equal(hashOrdinal('abc:0'), 1);
  });

  it('hashes a line as it would be with other text in its place, the lines below unchanged', () => {
    const lines = ['a', 'flagged(x)', 'after(1)', 'after(2)'];
    const edited = ['a', 'flagged(x, y)', 'after(1)', 'after(2)'];
    assert.equal(lineHashHex(withReplacement(edited, 1, 1, ['flagged(x)']), 0), lineHashHex(lines, 1));
    assert.notEqual(lineHashHex(withReplacement(edited, 0, 1, ['flagged(x)']), 0), lineHashHex(lines, 1));
    const long = Array.from({ length: 300 }, (_, i) => `line ${i}`);
    assert.equal(
      lineHashHex(withReplacement(long, 5, 1, ['line 5']), 0),
      lineHashHex(long, 5),
      'far from the end, only the window is read',
    );
  });
});
