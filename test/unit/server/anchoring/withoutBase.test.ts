import { strict as assert } from 'node:assert';
import { anchor } from '../../../../src/server/anchoring/anchor';
import { lineHash } from '../../../../src/shared/lineHash';

/**
 * A test module with six near-identical tests, each defining `def is_boolean(value):` (the issue's
 * example). Tests 2 and 4 are alike for the 100 characters from that line on, so the line's hash
 * repeats: test 4's is `hex:2`.
 */
function checksModule(variant: (n: number) => { register: string; after: string }): string[] {
  const out = ['from checks import Registry', ''];
  for (let n = 1; n <= 6; n++) {
    const { register, after } = variant(n);
    out.push(
      '',
      `def test_boolean_check_${n}():`,
      `    reg = Registry("checks-${n}")`,
      '',
      `    ${register}`,
      '    def is_boolean(value):',
      '        return isinstance(value, bool)',
      '',
      `    ${after}`,
      `    assert reg.get("is_boolean")(False) is ${alike(n) ? 'True' : 'False'}`,
      '',
    );
  }
  return out;
}
const alike = (n: number) => n === 2 || n === 4;
const SAME = (n: number) => ({
  register: alike(n) ? '@reg.check()' : `@reg.check("b${n}")`,
  after: alike(n) ? 'reg.freeze()' : `reg.freeze(${n})`,
});
const FLAGGED = 'def is_boolean(value):';
const lineOfTest = (lines: string[], n: number) => lines.indexOf(`def test_boolean_check_${n}():`) + 4;

describe("anchoring without the commit's text: repeated code", () => {
  const base = checksModule(SAME);
  const baseText = base.join('\n');
  const flagged = lineOfTest(base, 4);
  const location = { path: 't.py', startLine: flagged + 1, snippet: FLAGGED, lineHash: lineHash(baseText, flagged) };

  it("has the fixture it needs: test 4's line hash is the second with its value", () => {
    assert.equal(base[flagged]!.trim(), FLAGGED);
    assert.match(location.lineHash, /:2$/);
    assert.equal(lineHash(baseText, lineOfTest(base, 2)).split(':')[0], location.lineHash.split(':')[0]);
  });

  it('never draws a line-hash match on another copy as moved: the flagged test changed below its line', () => {
    const current = checksModule((n) => (n === 4 ? { ...SAME(n), after: 'reg.freeze(strict=True)' } : SAME(n)));
    const a = anchor({ location, currentText: current.join('\n') });
    assert.equal(a.state, 'uncertain', a.reason);
    assert.equal(
      a.range.startLine,
      lineOfTest(current, 4),
      'the copy the line hash points to is test 2: the n-th count says it is another copy',
    );
  });

  it('takes the n-th copy with the line hash (not the nearest), uncertain, when lines were inserted above', () => {
    const above = lineOfTest(base, 2) - 4;
    const current = [...base.slice(0, above), ...Array.from({ length: 15 }, (_, i) => `# note ${i}`), ...base.slice(above)];
    assert.ok(
      Math.abs(lineOfTest(current, 2) - flagged) < Math.abs(lineOfTest(current, 4) - flagged),
      'test 2 is now nearer the reported line',
    );
    const a = anchor({ location, currentText: current.join('\n') });
    assert.equal(a.range.startLine, lineOfTest(current, 4));
    assert.equal(a.state, 'uncertain', 'repeated code is never confident on its line hash alone');
    assert.match(a.reason, /appears 6 times/);
  });

  it('is exact at the reported line only when no other copy carries its line hash', () => {
    const third = lineOfTest(base, 3);
    const own = { path: 't.py', startLine: third + 1, snippet: FLAGGED, lineHash: lineHash(baseText, third) };
    assert.equal(anchor({ location: own, currentText: baseText }).state, 'exact', 'test 3 is alike to no other test for 100 characters');
    const twin = anchor({ location, currentText: baseText });
    assert.equal(twin.state, 'uncertain', "test 2 carries test 4's line hash: it could have slid onto the line");
    assert.equal(twin.range.startLine, flagged);
    const withoutHash = anchor({ location: { ...location, lineHash: undefined }, currentText: baseText });
    assert.equal(withoutHash.state, 'uncertain', 'six copies and nothing but the reported line to tell them apart');
    assert.equal(withoutHash.range.startLine, flagged);
  });

  it('is not exact on a copy that slid onto the reported line, though its line hash agrees', () => {
    const [from, to] = [lineOfTest(base, 2) - 4, lineOfTest(base, 3) - 4];
    const current = [...base.slice(0, flagged - 4), ...base.slice(from, to), ...base.slice(flagged - 4)];
    assert.equal(current[flagged], base[flagged], 'a copy of test 2 now stands where test 4 was');
    const a = anchor({ location, currentText: current.join('\n') });
    assert.notEqual(a.state, 'exact');
    assert.notEqual(a.state, 'moved');
  });

  it('is not moved onto the only copy left when the line hash says several were alike at the scan', () => {
    // Flagged: test 4's decorator, def and return lines. Test 4 deleted: test 2 is the one place
    // with those lines and that line hash, and it is not the flagged code.
    const block = {
      path: 't.py',
      startLine: flagged,
      endLine: flagged + 2,
      snippet: base
        .slice(flagged - 1, flagged + 2)
        .map((l) => l.trim())
        .join('\n'),
      lineHash: lineHash(baseText, flagged - 1),
    };
    assert.match(block.lineHash, /:2$/);
    const current = [...base.slice(0, flagged - 4), ...base.slice(lineOfTest(base, 5) - 4)];
    const a = anchor({ location: block, currentText: current.join('\n') });
    assert.notEqual(a.state, 'moved');
    assert.notEqual(a.state, 'exact');
  });
});

describe("anchoring without the commit's text: a snippet found once", () => {
  const load = [
    'def load(path):',
    '    data = open(path).read()',
    '    records = parse(data, strict=True)',
    '    index = build_index(records)',
    '    return records, index',
    '',
  ];
  const save = ['def save(path, data):', '    write(path, data)', ''];
  const base = ['import os', '', ...load, ...save];
  const baseText = base.join('\n');
  const flagged = 3;
  const location = { path: 'a.py', startLine: flagged + 1, snippet: base[flagged]!.trim(), lineHash: lineHash(baseText, flagged) };
  const moved = ['import os', '', ...save, ...load];

  it('is moved where the line hash agrees (the lines below came along)', () => {
    const a = anchor({ location, currentText: moved.join('\n') });
    assert.equal(a.state, 'moved');
    assert.equal(a.range.startLine, 6);
    assert.equal(moved[6], base[flagged]);
  });

  it('is uncertain where the line hash disagrees (the lines around it are not the ones that were there)', () => {
    const current = [...moved.slice(0, 7), '    records = parse_loosely(data)', ...moved.slice(8)];
    const a = anchor({ location, currentText: current.join('\n') });
    assert.equal(a.state, 'uncertain', a.reason);
    assert.equal(a.range.startLine, 6);
    assert.match(a.reason, /line hash does not match/);
  });

  it('is still moved without a line hash: nothing disagrees', () => {
    const current = [...moved.slice(0, 7), '    records = parse_loosely(data)', ...moved.slice(8)];
    const a = anchor({ location: { ...location, lineHash: undefined }, currentText: current.join('\n') });
    assert.equal(a.state, 'moved');
  });
});

describe("anchoring without the commit's text or a snippet: the line hash alone", () => {
  const block = [
    'function total(items) {',
    '  let sum = 0;',
    '  for (const item of items) sum += item.price * item.count;',
    '  if (sum > LIMIT) throw new RangeError(`total ${sum} is over the limit`);',
    '  return sum;',
    '}',
    '',
  ];
  const base = [...block, ...block, '// end'];
  const baseText = base.join('\n');
  const second = block.length + 2;
  const location = { path: 'x.js', startLine: second + 1, lineHash: lineHash(baseText, second) };

  it("has the fixture it needs: the second loop line repeats the first one's hash", () => {
    assert.match(location.lineHash, /:2$/);
  });

  it('is not exact on the first copy when it slid onto the reported line: the n-th line with the hash, uncertain', () => {
    const current = [...Array.from({ length: block.length }, (_, i) => `// header ${i}`), ...base];
    assert.equal(current[second], base[2], 'the first copy now stands on the reported line');
    const a = anchor({ location, currentText: current.join('\n') });
    assert.equal(a.state, 'uncertain');
    assert.equal(a.range.startLine, second + block.length);
  });

  it('is exact when the n-th line with the hash is the reported one', () => {
    assert.equal(anchor({ location, currentText: baseText }).state, 'exact');
  });
});
