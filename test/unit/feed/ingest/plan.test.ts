import { strict as assert } from 'node:assert';
import { planScope, type Result, type Scope } from '../../../../src/feed/ingest/plan';
import type { ScopeFinding } from '../../../../src/feed/storage/analysesTable';
import type { MappedFinding } from '../../../../src/feed/sarif/types';

const SCOPE: Scope = { tool: 'T', category: 'c', complete: true, unread: { rules: new Set(), anyRule: false } };

function result(id: string, contentHash = 'h', rule = 'r'): Result {
  return { mapped: { finding: { id }, scope: { ruleId: rule } } as unknown as MappedFinding, contentHash };
}

function stored(key: string, extra: Partial<ScopeFinding> = {}): ScopeFinding {
  const base = { revision: 1, status: 'open', raw: false, latestDecision: null, rule: 'r', fingerprint: 'line:x', contentHash: 'h' };
  return { key, ...base, here: true, elsewhere: false, ...extra };
}

function plan(results: Result[], existing: ScopeFinding[], scope: Scope = SCOPE) {
  const p = planScope(scope, results, new Map(existing.map((f) => [f.key, f])));
  const ids = (list: Array<{ key: string } | { result: Result } | Result>) =>
    list.map((x) => ('key' in x ? x.key : 'result' in x ? x.result.mapped.finding.id : x.mapped.finding.id));
  return {
    created: ids(p.created),
    unchanged: ids(p.unchanged),
    changed: ids(p.changed),
    reopened: ids(p.reopened),
    heldByRaw: ids(p.heldByRaw),
    reportedHereNow: p.reportedHereNow,
    goneHere: ids(p.goneHere),
    fixed: ids(p.fixed),
    stillElsewhere: ids(p.stillElsewhere),
    keptUnread: ids(p.keptUnread),
  };
}

const NONE = {
  created: [],
  unchanged: [],
  changed: [],
  reopened: [],
  heldByRaw: [],
  reportedHereNow: [],
  goneHere: [],
  fixed: [],
  stillElsewhere: [],
  keptUnread: [],
};

describe('ingestion: what an analysis does to a scope', () => {
  it('sorts results into new, unchanged (same hash), changed (another hash) and reopened (fixed or withdrawn)', () => {
    assert.deepEqual(
      plan(
        [result('new'), result('same'), result('moved', 'h2'), result('back'), result('tombstone')],
        [stored('same'), stored('moved'), stored('back', { status: 'fixed', here: false }), stored('tombstone', { status: 'withdrawn' })],
      ),
      {
        ...NONE,
        created: ['new'],
        unchanged: ['same'],
        changed: ['moved'],
        reopened: ['back', 'tombstone'],
        reportedHereNow: ['new', 'back'],
      },
    );
  });

  it('reports on this ref what another ref reported so far, and sets aside a result whose id a raw test value holds', () => {
    assert.deepEqual(plan([result('pr'), result('raw')], [stored('pr', { here: false, elsewhere: true }), stored('raw', { raw: true })]), {
      ...NONE,
      unchanged: ['pr'],
      heldByRaw: ['raw'],
      reportedHereNow: ['pr'],
    });
  });

  it('fixes what this ref reported and no ref reports now; leaves what another ref reports, and what other refs alone reported', () => {
    const existing = [
      stored('gone'),
      stored('decided', { status: 'disputed' }),
      stored('on-a-branch', { elsewhere: true }),
      stored('branch-only', { here: false, elsewhere: true }),
      stored('tombstone', { status: 'withdrawn' }),
    ];
    assert.deepEqual(plan([], existing), {
      ...NONE,
      goneHere: ['gone', 'decided', 'on-a-branch', 'tombstone'],
      fixed: ['gone', 'decided'],
      stillElsewhere: ['on-a-branch'],
    });
  });

  it('fixes nothing a result set aside may be: of its rule, of any rule when it names none, or anything when a run is incomplete', () => {
    const existing = [stored('a', { rule: 'r1' }), stored('b', { rule: 'r2' })];
    const unread = (rules: string[], anyRule = false): Scope => ({ ...SCOPE, unread: { rules: new Set(rules), anyRule } });
    assert.deepEqual(plan([], existing, unread(['r1'])), { ...NONE, goneHere: ['b'], fixed: ['b'], keptUnread: ['a'] });
    assert.deepEqual(plan([], existing, unread([], true)), { ...NONE, keptUnread: ['a', 'b'] });
    assert.deepEqual(plan([], existing, { ...SCOPE, complete: false }), { ...NONE, keptUnread: ['a', 'b'] });
  });
});
