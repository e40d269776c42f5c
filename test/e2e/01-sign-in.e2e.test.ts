import assert from 'node:assert/strict';
import { requestAs } from './feedAdmin';
import { session } from './hooks';

describe('signing in', () => {
  it('the Findings view says what is missing, no feed URL or no token, with the button that sets it', async () => {
    const { editor, page, feed } = session();
    await editor.waitForStatus(/token|sign|set/i);
    const view = await editor.findingsView();
    const welcome = view.locator('.welcome-view-content');
    await welcome.getByText(/needs your token for this feed/).waitFor({ timeout: 30_000 });
    assert.ok(await welcome.getByRole('button', { name: 'Set Feed Token' }).isVisible());
    await editor.screenshot('welcome-no-token');

    // Without a feed URL (a user who has set nothing yet), the welcome asks for that first.
    await editor.setUserSetting('findingsLens.feed.url', '', { isDefault: true });
    await welcome.getByText(/First, the feed's address/).waitFor({ timeout: 30_000 });
    assert.equal(await welcome.getByRole('button', { name: 'Set Feed Token' }).count(), 0, 'no token button before there is a feed');
    await editor.screenshot('welcome-no-feed-url');
    // Its button opens the settings on that one setting, where the user types the URL.
    await welcome.getByRole('button', { name: 'Set the Feed URL' }).click();
    await page
      .locator('.settings-editor .setting-item-contents')
      .filter({ hasText: 'Base URL of the partner feed' })
      .first()
      .waitFor({ timeout: 30_000 });
    await editor.screenshot('welcome-opened-feed-url-setting');
    await editor.fillSettingShown('findingsLens.feed.url', feed.url);
    await welcome.getByText(/needs your token for this feed/).waitFor({ timeout: 30_000 });
    await editor.runCommand('View: Close All Editors');
  });

  it('stores the token typed in Set Feed Token (from the welcome) and syncs the findings', async () => {
    const { editor, feed } = session();
    const view = await editor.findingsView();
    await editor.screenshot('before-token');
    await view.locator('.welcome-view-content').getByRole('button', { name: 'Set Feed Token' }).click();
    await editor.answerInput(feed.tokens.dana!, { password: true });
    await requestAs(feed, 'dana');
    const text = await editor.waitForStatus(/up to date at \d\d:\d\d/);
    assert.match(text, /3 critical · 5 high · 20 total/);
    await view
      .locator('.monaco-list-row[aria-level="1"]')
      .filter({ hasText: /^Critical \(3\)/ })
      .first()
      .waitFor({ timeout: 30_000 });
    await editor.screenshot('synced');
    // Back to the Explorer, as a user starts: later tests open the Findings view themselves.
    await editor.runCommand('View: Show Explorer');
  });

  it('walks a developer through the first steps', async () => {
    const { editor, page } = session();
    await editor.runCommand('Welcome: Open Walkthrough...');
    const row = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'Findings Lens for developers' }).first();
    await row.waitFor({ timeout: 30_000 });
    assert.ok(await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'Findings Lens for leads' }).first().isVisible());
    await row.click();
    const walkthrough = page.locator('.gettingStartedContainer');
    for (const step of [
      'Point Findings Lens at your feed',
      'Set your token',
      'See the findings on their lines',
      'Acknowledge or dispute',
    ]) {
      await walkthrough.getByText(step, { exact: true }).first().waitFor({ timeout: 30_000 });
    }
    await editor.screenshot('walkthrough-developer');
    await editor.runCommand('View: Close All Editors');
  });
});
