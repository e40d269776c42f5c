import { strict as assert } from 'node:assert';
import { validateFindings } from '../../../../src/server/feed/validate';
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
});
