import assert from 'node:assert/strict';
import { requestAs } from './feedAdmin';
import { session } from './hooks';

describe('signing in', () => {
  it('stores the token typed in Set Feed Token and syncs the findings', async () => {
    const { editor, feed } = session();
    await editor.waitForStatus(/token|sign|set/i);
    await editor.screenshot('before-token');
    await editor.runCommand('Findings Lens: Set Feed Token');
    await editor.answerInput(feed.tokens.dana!, { password: true });
    await requestAs(feed, 'dana');
    const text = await editor.waitForStatus(/up to date at \d\d:\d\d/);
    assert.match(text, /3 critical · 5 high · 20/);
    await editor.screenshot('synced');
  });
});
