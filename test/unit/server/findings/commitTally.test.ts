import * as assert from 'node:assert/strict';
import type { Finding } from '../../../../src/shared/feed';
import { commitsByCount, CommitTally, type CommitsToAsk } from '../../../../src/server/findings/commitTally';
import { FindingStore, type StoredFinding } from '../../../../src/server/findings/store';
import { makeFinding } from '../makeFinding';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);

/** A store telling a commit tally of every change, as the session's does; `../` paths are refused. */
function tallied() {
  const tally = new CommitTally();
  const store = new FindingStore(
    (path) => (path.startsWith('../') ? { ok: false, reason: 'outside the folder' } : { ok: true, uri: `file:///ws/${path}` }),
    undefined,
    tally,
  );
  return { tally, store };
}

function finding(id: string, commit: string | undefined, overrides: Partial<Finding> = {}): Finding {
  return makeFinding({ id, commit, location: { path: `src/${id}.ts`, startLine: 1 }, ...overrides });
}

/** The answer counted again from every finding the store holds with a path it took: what the tally must always say. */
function commitsToAsk(all: Iterable<StoredFinding>, max: number): CommitsToAsk {
  const counts = new Map<string | undefined, number>();
  for (const { finding, resolution } of all) if (resolution.ok) counts.set(finding.commit, (counts.get(finding.commit) ?? 0) + 1);
  return commitsByCount(counts, max);
}

/** The tally's answer in a comparable form. */
function answerOf(answer: { asked: string[]; others: ReadonlySet<string | undefined> }) {
  return { asked: [...answer.asked].sort(), others: [...answer.others].map(String).sort() };
}

describe('the findings per commit, kept as the store changes', () => {
  it('always gives the answer a walk of every finding gives, through syncs, moves, withdrawals and refused paths', () => {
    const { tally, store } = tallied();
    const recount = () => answerOf(commitsToAsk(store.all(), 2));
    const steps: Array<() => unknown> = [
      () => store.replaceAll([finding('a1', A), finding('a2', A), finding('b1', B), finding('c1', C), finding('n1', undefined)]),
      // C overtakes B: the commits asked change.
      () => store.applyChanges([finding('c2', C), finding('c3', C)]),
      // A finding moves to another commit, another to a refused path (it is no longer counted).
      () =>
        store.applyChanges([
          finding('a1', B, { revision: '2' }),
          finding('a2', A, { revision: '2', location: { path: '../out.ts', startLine: 1 } }),
        ]),
      () => store.applyChanges([finding('c1', C, { status: 'withdrawn', revision: '3' })]),
      () => store.replaceAll([finding('b1', B)]),
      () => store.clear(),
    ];
    for (const step of steps) {
      step();
      assert.deepEqual(answerOf(tally.ask(2)), recount());
    }
  });

  it('chooses again only when a count changed: a new revision at the same commit keeps the last answer', () => {
    const { tally, store } = tallied();
    store.replaceAll([finding('a1', A), finding('a2', A), finding('b1', B)]);
    const first = tally.ask(1);
    assert.deepEqual(first.asked, [A]);
    store.applyChanges([finding('a1', A, { revision: '2', title: 'revised' }), finding('b1', B, { revision: '2' })]);
    assert.equal(tally.ask(1), first, 'the same answer, not chosen again');
    // A finding that leaves a commit and one that joins it in the same sync: the counts are as before.
    store.applyChanges([finding('a1', B, { revision: '3' }), finding('b1', A, { revision: '3' })]);
    assert.equal(tally.ask(1), first);
    store.applyChanges([finding('b2', B), finding('b3', B)]);
    const after = tally.ask(1);
    assert.notEqual(after, first, 'B has more findings than A now');
    assert.deepEqual(after.asked, [B]);
    assert.deepEqual([...after.others].sort(), [A]);
  });

  it('answers again for another bound', () => {
    const { tally, store } = tallied();
    store.replaceAll([finding('a1', A), finding('a2', A), finding('b1', B)]);
    assert.deepEqual(tally.ask(1).asked, [A]);
    assert.deepEqual([...tally.ask(2).asked].sort(), [A, B]);
  });
});

describe('the commits git is asked about', () => {
  it('takes those with most findings first, at most the bound; the rest and findings without one are checked', () => {
    const counts = new Map<string | undefined, number>([
      ['aaaa', 1],
      ['bbbb', 3],
      ['cccc', 2],
      [undefined, 1],
    ]);
    const { asked, others } = commitsByCount(counts, 2);
    assert.deepEqual(asked, ['bbbb', 'cccc']);
    assert.deepEqual([...others].sort(), ['aaaa', undefined].sort());
  });
});
