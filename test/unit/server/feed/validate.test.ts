import { strict as assert } from 'node:assert';
import { validateFindings } from '../../../../src/server/feed/validate';
import { MAX_LINE_OR_COLUMN } from '../../../../src/shared/feed';
import { finding } from './loopback';

describe('validateFindings', () => {
  it('keeps the valid findings and sets aside each invalid one with its id and first problem', () => {
    const raw = [
      finding('F-1'),
      finding('F-2', { severity: 'catastrophic' }),
      finding('F-3', { location: { path: 'a.ts', startLine: 0 } }),
      { title: 'no id at all' },
      42,
      finding('F-4', { extraFieldFromTheFuture: true }),
    ];
    const { valid, invalid } = validateFindings(raw);
    assert.deepEqual(
      valid.map((f) => f.id),
      ['F-1', 'F-4'],
    );
    assert.ok(!('extraFieldFromTheFuture' in valid[1]!), 'unknown fields are ignored');
    assert.deepEqual(
      invalid.map((i) => i.id),
      ['F-2', 'F-3', null, null],
    );
    assert.match(invalid[0]!.problem, /^severity: /);
    assert.match(invalid[1]!.problem, /^location\.startLine: /);
    assert.match(invalid[3]!.problem, /^\(finding\): /);
  });

  it('reports only the first problem of a finding', () => {
    const { invalid } = validateFindings([finding('F-9', { severity: 'x', status: 'y' })]);
    assert.equal(invalid.length, 1);
    assert.equal(invalid[0]!.problem.split('\n').length, 1);
  });

  it("sets aside impossible numbers with the reason: lines past LSP's limit, a range that ends before it starts", () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ path: 'a.ts', startLine: 9007199254740991 }, /^location\.startLine: .*2\^31/],
      [
        { path: 'a.ts', startLine: 3, startColumn: 10, endColumn: 3 },
        /^location\.endColumn: ends before it starts on one line \(endColumn 3 < startColumn 10\)/,
      ],
      [{ path: 'a.ts', startLine: 5, endLine: 2 }, /^location\.endLine: ends before it starts \(endLine 2 < startLine 5\)/],
      [{ path: 'a.ts', startLine: 1, endColumn: MAX_LINE_OR_COLUMN + 1 }, /^location\.endColumn: /],
      [{ path: 'a.ts', startLine: 1.5 }, /^location\.startLine: /],
    ];
    for (const [location, problem] of cases) {
      const { valid, invalid } = validateFindings([finding('F', { location })]);
      assert.equal(valid.length, 0, JSON.stringify(location));
      assert.match(invalid[0]!.problem, problem);
    }
    const flow = validateFindings([finding('F', { flow: [{ location: { path: 'a.ts', startLine: 4, endLine: 1 } }] })]);
    assert.match(flow.invalid[0]!.problem, /^flow\.0\.location\.endLine: ends before it starts/);
    const edges = validateFindings([
      finding('ok-1', { location: { path: 'a.ts', startLine: MAX_LINE_OR_COLUMN, startColumn: MAX_LINE_OR_COLUMN } }),
      finding('ok-2', { location: { path: 'a.ts', startLine: 2, startColumn: 5, endLine: 3, endColumn: 1 } }),
      finding('ok-3', { location: { path: 'a.ts', startLine: 2, startColumn: 5, endColumn: 5 } }),
    ]);
    assert.deepEqual(
      edges.valid.map((f) => f.id),
      ['ok-1', 'ok-2', 'ok-3'],
      JSON.stringify(edges.invalid),
    );
  });

  it('takes a revision as a string or an integer, keeping the integer as its decimal text', () => {
    const { valid, invalid } = validateFindings([
      finding('A', { revision: 7 }),
      finding('B', { revision: '7' }),
      finding('C', { revision: 1.5 }),
      finding('D', { revision: '' }),
    ]);
    assert.deepEqual(
      valid.map((f) => [f.id, f.revision]),
      [
        ['A', '7'],
        ['B', '7'],
      ],
    );
    assert.deepEqual(
      invalid.map((i) => i.id),
      ['C', 'D'],
    );
    assert.match(invalid[0]!.problem, /^revision: a revision is a non-empty string or an integer/);
  });

  it('honours a withdrawal on its id and status alone, whatever its other fields', () => {
    const { valid, invalid } = validateFindings([
      { id: 'gone', status: 'withdrawn' },
      { id: 'gone-2', status: 'withdrawn', revision: 4, location: { path: '../x', startLine: -1 }, title: 42 },
      { status: 'withdrawn' },
    ]);
    assert.deepEqual(
      valid.map((f) => [f.id, f.status, f.revision]),
      [
        ['gone', 'withdrawn', ''],
        ['gone-2', 'withdrawn', '4'],
      ],
    );
    assert.equal(invalid.length, 1, 'a withdrawal without an id says nothing');
  });
});
