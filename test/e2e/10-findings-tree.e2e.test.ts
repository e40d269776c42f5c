import assert from 'node:assert/strict';
import { admin } from './feedAdmin';
import { session } from './hooks';
import { DEMO_PROJECT } from './session';

describe('the Findings tree', () => {
  it('lists the findings in the activity bar, grouped by severity with counts', async () => {
    const { editor, page, feed } = session();
    // The icon's count badge covers part of it; a user clicks the icon, badge or not.
    await page.locator('.activitybar .action-item', { has: page.locator('a[aria-label^="Findings Lens"]') }).click({ position: { x: 10, y: 10 } });
    const view = page.locator('.pane').filter({ has: page.locator('.pane-header', { hasText: 'Findings' }) }).first();
    const groups = view.locator('.monaco-list-row[aria-level="1"]');
    await groups.filter({ hasText: /^Critical \(\d+\)/ }).first().waitFor({ timeout: 30_000 });
    const labels = (await groups.allInnerTexts()).map((t) => t.trim().split('\n')[0]!);
    assert.deepEqual(labels.map((l) => l.replace(/ \(\d+\)$/, '')), ['Critical', 'High', 'Medium', 'Low', 'Info']);
    assert.equal(labels[0], 'Critical (3)');
    const total = labels.reduce((sum, l) => sum + Number(/\((\d+)\)$/.exec(l)![1]), 0);
    const inFeed = (await admin<{ findings: unknown[] }>(feed, 'GET', `state?project=${DEMO_PROJECT}`)).findings.length;
    assert.equal(total, inFeed, `the tree's counts (${labels.join(', ')}) add up to the feed's findings`);
    const critical = view.locator('.monaco-list-row[aria-level="2"]');
    assert.ok((await critical.allInnerTexts()).some((t) => t.includes('SQL injection in payment listing')), 'the expanded group lists its findings');
    await editor.clearNotifications();
    await editor.screenshot('findings-tree');
  });
});
