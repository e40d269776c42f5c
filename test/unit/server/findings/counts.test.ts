import * as assert from 'node:assert/strict';
import { URI } from 'vscode-uri';
import { CountTally } from '../../../../src/server/findings/counts';
import { resolveInFolder } from '../../../../src/server/workspace/paths';
import { FindingStore, type StoredFinding } from '../../../../src/server/findings/store';
import { InvalidFindings } from '../../../../src/server/findings/invalid';
import { makeFinding } from '../makeFinding';

type Counted = Pick<StoredFinding, 'finding' | 'resolution'>;

/** The counts of `findings`, told to a tally one by one as the store does. */
function countFindings(findings: readonly Counted[], invalid: number, needsReReview: (stored: Counted) => boolean) {
  const tally = new CountTally<Counted>();
  for (const f of findings) tally.added(f);
  return tally.counts(invalid, needsReReview);
}

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
      () => false,
    );
    assert.deepEqual(counts, {
      bySeverity: { critical: 0, high: 1, medium: 0, low: 1, info: 0 },
      total: 2,
      resolved: 1,
      reReview: 0,
      needsDecision: 3,
      invalid: 2,
      rejectedPaths: 1,
    });
  });

  it('counts a resolved finding whose code changed since its decision as needing attention, not resolved', () => {
    const pinned = (id: string, status: 'acknowledged' | 'disputed', review: 'approve' | null = null) =>
      makeFinding({
        id,
        severity: 'critical',
        status,
        triage: {
          id: `d-${id}`,
          findingId: id,
          action: status === 'acknowledged' ? 'acknowledge' : 'dispute',
          reason: status === 'acknowledged' ? 'will_fix' : 'false_positive',
          comment: '',
          actor: { id: 'dana', name: 'Dana' },
          at: '2026-01-02T00:00:00Z',
          codeHash: `sha256:${id}`,
          review: review && { decision: review, comment: '', actor: { id: 'lee', name: 'Lee' }, at: '2026-01-03T00:00:00Z' },
        },
      });
    const findings = [
      pinned('changed-ack', 'acknowledged'),
      pinned('changed-approved', 'disputed', 'approve'),
      pinned('same', 'acknowledged'),
      pinned('changed-pending', 'disputed'),
    ].map((finding) => ({ finding, resolution: { ok: true as const, uri: 'file:///a' } }));
    const asked: string[] = [];
    const counts = countFindings(findings, 0, ({ finding }) => {
      asked.push(finding.id);
      return finding.id.startsWith('changed');
    });
    assert.deepEqual(counts, {
      bySeverity: { critical: 3, high: 0, medium: 0, low: 0, info: 0 },
      total: 3,
      resolved: 1,
      reReview: 3,
      needsDecision: 3,
      invalid: 0,
      rejectedPaths: 0,
    });
    // Only findings whose decision is pinned to code are asked about.
    assert.equal(
      countFindings([{ finding: makeFinding({ id: 'open' }), resolution: { ok: true, uri: 'file:///a' } }], 0, () =>
        assert.fail('asked about an unpinned finding'),
      ).total,
      1,
    );
    assert.deepEqual(asked, ['changed-ack', 'changed-approved', 'same', 'changed-pending']);
  });

  it('counts what needs a decision once each: open, needing a re-review, or a decision the feed has not taken', () => {
    const decided = (id: string, status: 'acknowledged' | 'disputed' | 'fixed', codeHash?: string) =>
      makeFinding({
        id,
        status,
        triage: {
          id: `d-${id}`,
          findingId: id,
          action: status === 'disputed' ? 'dispute' : 'acknowledge',
          reason: 'will_fix',
          comment: '',
          actor: { id: 'dana', name: 'Dana' },
          at: '2026-01-02T00:00:00Z',
          review: null,
          ...(codeHash ? { codeHash } : {}),
        },
      });
    const at = (finding: ReturnType<typeof makeFinding>, ok = true): Counted => ({
      finding,
      resolution: ok ? { ok: true, uri: 'file:///a' } : { ok: false, reason: 'absolute path' },
    });
    const open = at(makeFinding({ id: 'open' }));
    const openRefusedPath = at(makeFinding({ id: 'open-refused-path' }), false);
    const acknowledged = at(decided('acknowledged', 'acknowledged'));
    const disputed = at(decided('disputed', 'disputed'));
    const fixed = at(decided('fixed', 'fixed'));
    const changed = at(decided('changed', 'acknowledged', 'sha256:old'));
    const all = [open, openRefusedPath, acknowledged, disputed, fixed, changed];
    const reReview = (s: Counted) => s === changed;
    const tally = new CountTally<Counted>();
    for (const f of all) tally.added(f);
    // A disputed finding waits for a lead, a fixed one for nobody: neither is counted.
    assert.equal(tally.counts(0, reReview).needsDecision, 3);
    // A decision pending, in conflict or refused adds its finding, unless it is counted already.
    assert.equal(tally.counts(0, reReview, [acknowledged]).needsDecision, 4);
    assert.equal(tally.counts(0, reReview, [open, changed, openRefusedPath]).needsDecision, 3);
    assert.equal(tally.counts(0, reReview, [acknowledged, disputed, fixed, open]).needsDecision, 6);
    tally.removed(open);
    assert.equal(tally.counts(0, () => false).needsDecision, 1);
  });

  it('forgets an invalid finding once a valid version of it arrives', () => {
    const invalid = new InvalidFindings();
    invalid.replace([
      { id: 'x', problem: 'severity: bad' },
      { id: null, problem: 'id: missing' },
    ]);
    assert.equal(invalid.count, 2);
    invalid.apply([], ['x']);
    assert.equal(invalid.count, 1);
    invalid.replace([]);
    assert.equal(invalid.count, 0);
  });
});

describe('finding counts kept as the store changes', () => {
  it('always equal a recount of the store, through syncs, withdrawals, decisions and a change of folder', () => {
    const tally = new CountTally();
    let folder = URI.parse('file:///w');
    const store = new FindingStore((p) => resolveInFolder(folder, p), undefined, tally);
    const pinnedChanged = new Set(['p2']);
    const reReview = (s: Counted) => pinnedChanged.has(s.finding.id);
    // A tally built afresh from what the store holds now is the recount.
    const check = (when: string) => assert.deepEqual(tally.counts(3, reReview), countFindings([...store.all()], 3, reReview), when);
    const severities = ['critical', 'high', 'medium', 'low', 'info'] as const;
    const triage = (id: string, codeHash?: string) => ({
      id: `d-${id}`,
      findingId: id,
      action: 'acknowledge' as const,
      reason: 'will_fix',
      comment: '',
      actor: { id: 'dana', name: 'Dana' },
      at: '2026-01-01T00:00:00Z',
      review: null,
      ...(codeHash ? { codeHash } : {}),
    });
    store.replaceAll([
      ...Array.from({ length: 30 }, (_, i) =>
        makeFinding({
          id: `f${i}`,
          severity: severities[i % 5],
          location: { path: i % 7 === 0 ? '../outside.ts' : `src/f${i % 4}.ts`, startLine: 1 },
        }),
      ),
      makeFinding({ id: 'p1', status: 'acknowledged', triage: triage('p1', 'h1') }),
      makeFinding({ id: 'p2', status: 'acknowledged', triage: triage('p2', 'h2') }),
      makeFinding({ id: 'r1', status: 'acknowledged', triage: triage('r1') }),
    ]);
    check('after a full sync');
    store.applyChanges([
      makeFinding({ id: 'f1', revision: '2', severity: 'critical' }),
      makeFinding({ id: 'f2', revision: '2', status: 'withdrawn' }),
      makeFinding({ id: 'n1', severity: 'low' }),
    ]);
    check('after an incremental sync');
    store.replace([
      { ...store.get('f3')!.finding, status: 'acknowledged' },
      { ...store.get('p2')!.finding, status: 'open', triage: null },
    ]);
    check('after decisions shown at once');
    pinnedChanged.add('p1');
    check('after a pinned finding needs a re-review');
    folder = URI.parse('file:///other');
    store.reresolve((p) => resolveInFolder(folder, p));
    check('after the folder changed');
    store.clear();
    check('after clearing');
    assert.deepEqual(tally.counts(0, reReview).total, 0);
  });
});
