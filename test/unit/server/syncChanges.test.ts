import * as assert from 'node:assert/strict';
import { MAX_SYNC_CHANGES } from '../../../src/shared/protocol';
import { syncChanges, type ChangedFinding } from '../../../src/server/syncChanges';

function f(id: string, patch: Partial<ChangedFinding> = {}): ChangedFinding {
  return { id, title: `Finding ${id}`, severity: 'medium', revision: '1', status: 'open', ...patch };
}

describe('what a sync changed', () => {
  it('tells new from changed from withdrawn, new first and most severe first', () => {
    const known = new Map([
      ['a', f('a')],
      ['b', f('b')],
      ['c', f('c')],
      ['gone', f('gone', { severity: 'high' })],
    ]);
    const changes = syncChanges(
      [
        f('a'),
        f('b', { revision: '2' }),
        f('c', { revision: '2', status: 'withdrawn' }),
        f('n1', { severity: 'low' }),
        f('n2', { severity: 'critical' }),
      ],
      (id) => known.get(id),
      [known.get('gone')!],
    );
    assert.deepEqual(changes && { ...changes, findings: changes.findings.map((c) => `${c.kind}:${c.id}`) }, {
      new: 2,
      changed: 1,
      withdrawn: 2,
      findings: ['new:n2', 'new:n1', 'changed:b', 'withdrawn:gone', 'withdrawn:c'],
    });
  });

  it('counts a finding that comes back after being withdrawn as new, and says nothing when nothing changed', () => {
    assert.equal(syncChanges([f('a', { revision: '3' })], () => f('a', { status: 'withdrawn' }))?.new, 1);
    assert.equal(
      syncChanges([f('a')], () => f('a')),
      undefined,
    );
    assert.equal(
      syncChanges([f('x', { status: 'withdrawn' })], () => undefined),
      undefined,
      'a tombstone of something never seen',
    );
  });

  it(`names at most ${MAX_SYNC_CHANGES} findings, and counts them all`, () => {
    const many = Array.from({ length: 120 }, (_, i) => f(`n${i}`, { title: 'x'.repeat(500) }));
    const changes = syncChanges(many, () => undefined)!;
    assert.equal(changes.new, 120);
    assert.equal(changes.findings.length, MAX_SYNC_CHANGES);
    assert.equal(changes.findings[0]!.title.length, 200, 'titles are bounded too');
  });
});
