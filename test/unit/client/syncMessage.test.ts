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

  it('warns with the server reason and says what was kept when the sync failed', () => {
    const m = syncMessage({ ok: false, changed: 0, filesPublished: 0, notModified: false, message: 'the feed rejected the token' });
    assert.equal(m.level, 'warning');
    assert.match(m.text, /the feed rejected the token/);
    assert.match(m.text, /already shown are kept/);
  });
});
