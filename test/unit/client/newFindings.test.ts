import * as assert from 'node:assert/strict';
import type { SyncChange, SyncResult } from '../../../src/shared/protocol';
import { notificationTitle, someTitles } from '../../../src/client/changeText';
import { newFindingsNotice } from '../../../src/client/newFindings';
import { syncMessage } from '../../../src/client/syncMessage';

const change = (
  id: string,
  kind: SyncChange['kind'],
  severity: SyncChange['severity'] = 'critical',
  title = `Title ${id}`,
): SyncChange => ({ id, title, severity, kind });

function result(findings: SyncChange[]): SyncResult {
  const count = (k: SyncChange['kind']) => findings.filter((f) => f.kind === k).length;
  return {
    ok: true,
    changed: findings.length,
    filesPublished: 2,
    notModified: false,
    changes: { new: count('new'), changed: count('changed'), withdrawn: count('withdrawn'), findings },
  };
}

describe('what changed, in a notification', () => {
  it('Sync Now names a few titles and "N more", and shows the ones still there', () => {
    const m = syncMessage(
      result([change('a', 'new'), change('b', 'new', 'high'), change('c', 'changed'), change('d', 'changed'), change('e', 'withdrawn')]),
    );
    assert.equal(m.text, 'Findings Lens synced: 2 new, 2 changed, 1 withdrawn in 2 files: “Title a”, “Title b”, “Title c” and 2 more.');
    assert.deepEqual(m.show, ['a', 'b', 'c', 'd']);
    assert.equal(syncMessage(result([change('a', 'new')])).text, 'Findings Lens synced: 1 new in 2 files: “Title a”.');
  });

  it('a background sync announces only new findings of the chosen severities', () => {
    const ended = {
      trigger: 'poll' as const,
      result: result([change('a', 'new', 'critical'), change('b', 'new', 'low'), change('c', 'changed', 'critical')]),
    };
    assert.deepEqual(newFindingsNotice(ended, ['critical']), { text: 'Findings Lens: 1 new critical finding: “Title a”.', ids: ['a'] });
    assert.deepEqual(
      newFindingsNotice(ended, ['critical', 'low'])?.text,
      'Findings Lens: 2 new findings (1 critical, 1 low): “Title a” and “Title b”.',
    );
    assert.equal(newFindingsNotice(ended, ['high']), undefined);
    assert.equal(newFindingsNotice(ended, []), undefined, 'an empty setting keeps background syncs silent');
    assert.equal(newFindingsNotice({ ...ended, trigger: 'manual' }, ['critical']), undefined, 'Sync Now says it itself');
  });

  it('never lets a title become a link', () => {
    assert.equal(
      notificationTitle('click [here](command:findingsLens.clearToken) now'),
      '“click [here] (command:findingsLens.clearToken) now”',
    );
    assert.equal(notificationTitle('a'.repeat(80)).length, 62);
    assert.equal(someTitles([], 0), '');
  });
});
