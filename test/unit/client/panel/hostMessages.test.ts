import * as assert from 'node:assert/strict';
import {
  historyOf,
  isSafeRelative,
  locationTarget,
  outboxFor,
  restoredState,
  reviewRequests,
  siblingUri,
  triageRequests,
} from '../../../../src/client/panel/hostMessages';
import type { FindingDetails } from '../../../../src/shared/protocol';
import { makeDecision, makeFinding } from '../../webview/fixtures';

const details = (patch: Partial<FindingDetails> = {}): FindingDetails => ({
  finding: makeFinding(),
  uri: 'file:///repo/src/db/users.ts',
  ...patch,
});

describe('panel host: what a message becomes', () => {
  it('one submitTriage per selected finding, duplicates dropped, comment trimmed', () => {
    assert.deepEqual(
      triageRequests({
        type: 'decide',
        ids: ['F-1', 'F-2', 'F-1'],
        action: 'dispute',
        reason: 'used_in_tests',
        comment: '  only tests \n',
      }),
      [
        { findingId: 'F-1', action: 'dispute', reason: 'used_in_tests', comment: 'only tests' },
        { findingId: 'F-2', action: 'dispute', reason: 'used_in_tests', comment: 'only tests' },
      ],
    );
    assert.deepEqual(reviewRequests({ type: 'review', decisionIds: ['D-1', 'D-2'], decision: 'approve', comment: '' }), [
      { decisionId: 'D-1', decision: 'approve', comment: '' },
      { decisionId: 'D-2', decision: 'approve', comment: '' },
    ]);
  });

  it('history: the server history newest first, else the latest decision, else nothing', () => {
    const older = makeDecision({ id: 'D-0', at: '2024-01-01T00:00:00Z' });
    const newer = makeDecision({ id: 'D-1', at: '2025-01-01T00:00:00Z' });
    assert.deepEqual(
      historyOf(details({ history: [older, newer] })).map((d) => d.id),
      ['D-1', 'D-0'],
    );
    assert.deepEqual(
      historyOf(details({ finding: makeFinding({ triage: newer }) })).map((d) => d.id),
      ['D-1'],
    );
    assert.deepEqual(historyOf(details()), []);
  });

  it('outbox entries about the finding only', () => {
    const e = (id: string, targetId: string, findingId?: string) => ({
      id,
      kind: 'triage' as const,
      targetId,
      findingId,
      state: 'pending' as const,
      attempts: 0,
      queuedAt: 't',
    });
    assert.deepEqual(
      outboxFor('F-1', [e('1', 'F-1'), e('2', 'D-9', 'F-1'), e('3', 'F-2')]).map((x) => x.id),
      ['1', '2'],
    );
  });

  it('opens the finding at its anchored line, else the feed line', () => {
    assert.deepEqual(locationTarget(details(), undefined, 50), { uri: 'file:///repo/src/db/users.ts', line: 50, character: 4 });
    assert.deepEqual(locationTarget(details(), undefined, undefined), { uri: 'file:///repo/src/db/users.ts', line: 41, character: 4 });
    assert.equal(locationTarget(details({ uri: null }), undefined, 3), null);
  });

  it('opens a data flow step in its own file, shifted with the anchor when in the same file', () => {
    assert.deepEqual(locationTarget(details(), 0, 50), { uri: 'file:///repo/src/routes/users.ts', line: 9, character: 0 });
    assert.deepEqual(locationTarget(details(), 1, 50), { uri: 'file:///repo/src/db/users.ts', line: 39 + 9, character: 0 });
    assert.equal(locationTarget(details(), 7, 50), null);
  });

  it('never opens a step that climbs out of the repository', () => {
    const evil = makeFinding({
      flow: [
        { location: { path: '../../etc/passwd', startLine: 1 } },
        { location: { path: '/etc/passwd', startLine: 1 } },
        { location: { path: 'a\\b', startLine: 1 } },
      ],
    });
    for (const step of [0, 1, 2]) assert.equal(locationTarget(details({ finding: evil }), step, undefined), null);
    assert.equal(isSafeRelative('src/a.ts'), true);
    assert.equal(isSafeRelative('C:/x'), false);
  });

  it('finds sibling files with encoded characters in the path', () => {
    assert.equal(siblingUri('file:///r/my%20dir/a.ts', 'my dir/a.ts', 'b c.ts'), 'file:///r/b%20c.ts');
    assert.equal(siblingUri('file:///r/x.ts', 'other.ts', 'b.ts'), null);
  });

  it('reads the restored webview state defensively', () => {
    assert.deepEqual(restoredState({ detailsId: 'F-1', tab: 'review', extra: 1 }), { detailsId: 'F-1', tab: 'review' });
    assert.deepEqual(restoredState('junk'), { detailsId: null, tab: 'findings' });
    assert.deepEqual(restoredState({ detailsId: 7, tab: 'admin' }), { detailsId: null, tab: 'findings' });
  });
});
