import * as assert from 'node:assert/strict';
import { countFindings } from '../../../src/server/counts';
import { InvalidFindings } from '../../../src/server/invalid';
import { makeFinding } from './makeFinding';

describe('finding counts', () => {
  it('counts shown findings by severity, resolved and refused ones apart', () => {
    const counts = countFindings(
      [
        { finding: makeFinding({ id: 'a', severity: 'high' }), resolution: { ok: true, uri: 'file:///a' } },
        { finding: makeFinding({ id: 'b', severity: 'low' }), resolution: { ok: true, uri: 'file:///a' } },
        { finding: makeFinding({ id: 'c', severity: 'high', status: 'acknowledged' }), resolution: { ok: true, uri: 'file:///a' } },
        { finding: makeFinding({ id: 'd', severity: 'critical' }), resolution: { ok: false, reason: 'absolute path' } },
      ],
      2,
    );
    assert.deepEqual(counts, { bySeverity: { critical: 0, high: 1, medium: 0, low: 1, info: 0 }, total: 2, resolved: 1, invalid: 2, rejectedPaths: 1 });
  });

  it('forgets an invalid finding once a valid version of it arrives', () => {
    const invalid = new InvalidFindings();
    invalid.replace([{ id: 'x', problem: 'severity: bad' }, { id: null, problem: 'id: missing' }]);
    assert.equal(invalid.count, 2);
    invalid.apply([], ['x']);
    assert.equal(invalid.count, 1);
    invalid.replace([]);
    assert.equal(invalid.count, 0);
  });
});
