import assert from 'node:assert/strict';
import { admin } from './feedAdmin';
import { session } from './hooks';
import { DEMO_PROJECT } from './session';
import { waitUntil } from './waitUntil';

describe('the Findings tree', () => {
  it('badges the activity bar icon with the findings that need a decision before the view is ever shown', async () => {
    const { page, feed } = session();
    const icon = page.locator('.activitybar .action-item', { has: page.locator('a[aria-label^="Findings Lens"]') });
    // The decisions made so far are synced and no code was changed under them: the open findings are the ones.
    const open = async () =>
      (await admin<{ findings: Array<{ status: string }> }>(feed, 'GET', `state?project=${DEMO_PROJECT}`)).findings.filter(
        (f) => f.status === 'open',
      ).length;
    const shown = await waitUntil('the badge to count the open findings', async () => {
      const text = (
        await icon
          .locator('.badge-content')
          .innerText()
          .catch(() => '')
      ).trim();
      return text !== '' && text === String(await open()) ? text : undefined;
    });
    assert.ok(Number(shown) > 0);
  });

  it('lists the findings in the activity bar, grouped by severity with counts', async () => {
    const { editor, page, feed } = session();
    // The icon's count badge covers part of it; a user clicks the icon, badge or not.
    const view = page
      .locator('.pane')
      .filter({ has: page.locator('.pane-header', { hasText: 'Findings' }) })
      .first();
    // Clicking the icon of the view already shown would close the side bar.
    if (!(await view.isVisible()))
      await page
        .locator('.activitybar .action-item', { has: page.locator('a[aria-label^="Findings Lens"]') })
        .click({ position: { x: 10, y: 10 } });
    const groups = view.locator('.monaco-list-row[aria-level="1"]');
    await groups
      .filter({ hasText: /^Critical \(\d+\)/ })
      .first()
      .waitFor({ timeout: 30_000 });
    const labels = (await groups.allInnerTexts()).map((t) => t.trim().split('\n')[0]!);
    assert.deepEqual(
      labels.map((l) => l.replace(/ \(\d+\)$/, '')),
      ['Critical', 'High', 'Medium', 'Low', 'Info'],
    );
    assert.equal(labels[0], 'Critical (3)');
    const total = labels.reduce((sum, l) => sum + Number(/\((\d+)\)$/.exec(l)![1]), 0);
    const inFeed = (await admin<{ findings: unknown[] }>(feed, 'GET', `state?project=${DEMO_PROJECT}`)).findings.length;
    assert.equal(total, inFeed, `the tree's counts (${labels.join(', ')}) add up to the feed's findings`);
    const critical = view.locator('.monaco-list-row[aria-level="2"]');
    assert.ok(
      (await critical.allInnerTexts()).some((t) => t.includes('SQL injection in payment listing')),
      'the expanded group lists its findings',
    );
    // Each severity its own icon, coloured: the critical rows' flame is not the high rows' error icon.
    assert.ok((await critical.first().locator('.codicon-flame').count()) > 0, 'a critical row has the flame icon');
    await editor.clearNotifications();
    await editor.screenshot('findings-tree');
  });

  it('grouped by file, counts what the Problems panel lists for the file', async () => {
    const { editor, page } = session();
    await editor.runCommand('Findings Lens: Group By…');
    await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'File' }).first().click();
    const view = await editor.findingsView();
    // AP-108 (critical), AP-114 (low) and AP-120 (info): three open findings, all in Problems now.
    const group = view.locator('.monaco-list-row[aria-level="1"]').filter({ hasText: 'worker/settlement_worker.py' }).first();
    await group.waitFor({ timeout: 30_000 });
    assert.match(await group.innerText(), /worker\/settlement_worker\.py\s*3 in Problems/);
    await editor.screenshot('findings-tree-by-file');
    await editor.showProblems();
    // Problems lists many files (the TypeScript errors of the files opened so far): the file alone.
    const filter = page.getByPlaceholder(/^Filter \(e\.g\./).first();
    await filter.fill('**/settlement_worker.py');
    try {
      const fileRow = editor.problemRows().filter({ hasText: 'settlement_worker.py' }).first();
      await fileRow.waitFor({ timeout: 30_000 });
      assert.equal((await fileRow.locator('.monaco-count-badge').innerText()).trim(), '3', 'the Problems panel counts the same three');
    } finally {
      await filter.fill('');
    }
    await editor.runCommand('Findings Lens: Group By…');
    await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'Severity' }).first().click();
    await editor.runCommand('View: Show Explorer');
  });
});
