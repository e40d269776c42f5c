import assert from 'node:assert/strict';
import { admin } from './feedAdmin';
import { session } from './hooks';

describe('a feed outage', () => {
  it('shows "offline" in the status bar and keeps the findings', async () => {
    const { editor, feed } = session();
    await admin(feed, 'PUT', 'faults', { forceStatus: { status: 503, paths: 'all' } });
    try {
      await editor.runCommand('Findings Lens: Sync Now');
      const text = await editor.waitForStatus(/offline since \d\d:\d\d/, 60_000);
      assert.match(text, /3 critical · 5 high · 20 total/, 'the counts of the findings kept');
      await editor.openFile('src/routes/payments.ts');
      await editor.waitForCodeLensAbove('const sql = "SELECT id, amount_cents', 'SQL injection in payment listing');
      await editor.showProblems();
      await editor.problemRows().filter({ hasText: 'SQL injection in payment listing' }).first().waitFor({ timeout: 30_000 });
      await editor.screenshot('offline-findings-kept');
    } finally {
      await admin(feed, 'DELETE', 'faults');
    }
    await editor.runCommand('Findings Lens: Sync Now');
    await editor.waitForStatus(/up to date at \d\d:\d\d/, 60_000);
    await editor.screenshot('back-online');
  });
});
