import assert from 'node:assert/strict';
import { triagePanel } from './editor';
import { feedDecisions, feedRequests } from './feedAdmin';
import { session } from './hooks';
import { DEMO_PROJECT } from './session';
import { waitUntil } from './waitUntil';

const REVIEW_COMMENT = 'Agreed: PAY-42 is scheduled for this sprint.';

describe("the lead's Review tab", () => {
  it('lists the pending decision with who, when, reason and comment, and approves it in the feed', async () => {
    const { editor, page, feed } = session();
    // The lead signs in in a fresh window state: with the panel left open from the developer's
    // tests, the whole suite sometimes showed it without the Review tab after the token changed
    // (never when run with fewer tests before it; a known bug noted on the triage issue).
    await editor.runCommand('View: Close All Editors');
    await editor.runCommand('Findings Lens: Set Feed Token');
    await editor.answerInput(feed.tokens.lee!, { password: true });
    await editor.waitForStatus(/up to date at/, 60_000);
    await editor.runCommand('Findings Lens: Open Triage Panel');
    const panel = triagePanel(page);
    const reviewTab = panel.locator('vscode-tab-header.review-tab-header');
    await waitUntil('the Review tab shown to the lead', () => reviewTab.isVisible()).catch(async (error: Error) => {
      const me = (await feedRequests(feed)).filter((r) => r.path.endsWith('/me'));
      throw new Error(`${error.message}; the feed's /v1/me requests: ${JSON.stringify(me.slice(-5))}`);
    });
    await reviewTab.click();
    const row = panel.locator('li.review-row', { hasText: 'SQL injection in payment listing' });
    await row.waitFor({ timeout: 30_000 });
    const text = await row.innerText();
    assert.match(text, /Dana Developer acknowledged \(Will fix\) on \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    assert.match(text, /Fixing in PAY-42 this sprint\./);
    assert.match(text, /Review: pending/);
    await editor.clearNotifications();
    await editor.screenshot('review-tab');

    await row.locator('vscode-checkbox').click();
    await panel.locator('#review-comment').click();
    await page.keyboard.type(REVIEW_COMMENT);
    await panel.locator('vscode-button', { hasText: 'Approve selected' }).click();
    const decision = await waitUntil('the approval of the AP-101 decision in the feed', async () => {
      const d = (await feedDecisions(feed, DEMO_PROJECT)).find((x) => x.findingId === 'AP-101');
      return d?.review ? d : undefined;
    });
    assert.equal(decision.review!.decision, 'approve');
    assert.equal(decision.review!.actor.id, 'lee');
    assert.equal(decision.review!.comment, REVIEW_COMMENT);
    await editor.screenshot('review-approved');
  });
});
