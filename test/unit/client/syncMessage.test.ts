import * as assert from 'node:assert/strict';
import { syncMessage } from '../../../src/client/syncMessage';

describe('client/syncMessage', () => {
  it('says what changed, in findings and files', () => {
    assert.deepEqual(syncMessage({ ok: true, changed: 3, filesPublished: 2, notModified: false }), {
      level: 'info',
      text: 'Findings Lens synced: 3 findings changed in 2 files.',
    });
    assert.match(syncMessage({ ok: true, changed: 1, filesPublished: 1, notModified: false }).text, /1 finding changed in 1 file\./);
  });

  it('says nothing changed when the feed had nothing new', () => {
    assert.match(syncMessage({ ok: true, changed: 0, filesPublished: 0, notModified: true }).text, /up to date/);
  });

  it('warns with the server reason, as the server wrote it, when the sync failed', () => {
    const message = 'The feed cannot be reached. The findings shown are from the last good sync.';
    const m = syncMessage({ ok: false, changed: 0, filesPublished: 0, notModified: false, message });
    assert.deepEqual(m, { level: 'warning', text: `Findings Lens could not sync. ${message}` });
  });

  it('says what was kept when the server gave no reason', () => {
    const m = syncMessage({ ok: false, changed: 0, filesPublished: 0, notModified: false });
    assert.match(m.text, /already shown are kept/);
  });
});
