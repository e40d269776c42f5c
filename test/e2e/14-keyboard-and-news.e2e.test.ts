import assert from 'node:assert/strict';
import { acknowledgeFormAtCursor, triagePanel } from './editor';
import { admin } from './feedAdmin';
import { session } from './hooks';
import { DEMO_PROJECT } from './session';
import { waitUntil } from './waitUntil';

// AP-102 (critical) flags line 27 of src/routes/receipts.ts, AP-103 (high) line 13; both open.
const TRAVERSAL = 'Path traversal in receipt download';
const NEW_TITLE = 'Unsigned webhook payloads accepted';

describe('the keyboard and the Findings view', () => {
  it('binds its chords where VS Code binds nothing else', async () => {
    const { editor, page } = session();
    await editor.runCommand('Preferences: Open Keyboard Shortcuts');
    const editorPane = page.locator('.keybindings-editor');
    await editorPane.waitFor({ timeout: 30_000 });
    // Quotes search the keybindings themselves.
    await editorPane
      .getByPlaceholder('Type to search in keybindings')
      .or(editorPane.locator('.keybindings-header .search-container .monaco-inputbox'))
      .first()
      .click();
    await page.keyboard.type('"ctrl+alt+k"');
    const rows = editorPane.locator('.monaco-list-row');
    await waitUntil('the search narrowed to the Ctrl+Alt+K chords', async () => {
      const texts = await rows.allInnerTexts();
      return texts.length >= 6 && texts.length < 15 && texts.some((t) => t.startsWith('Findings Lens:'));
    });
    const commands = (await rows.allInnerTexts()).map((t) => t.split('\n')[0]!);
    assert.ok(
      commands.every((c) => c.startsWith('Findings Lens:')),
      `only Findings Lens commands on Ctrl+Alt+K: ${JSON.stringify(commands)}`,
    );
    await editor.screenshot('keybindings');
    await editor.runCommand('View: Close All Editors');
  });

  it('goes to the next finding in the file, and acknowledges the one at the cursor', async () => {
    const { editor, page } = session();
    await editor.openFile('src/routes/receipts.ts');
    await editor.goToLine(1);
    await page.keyboard.press('Control+Alt+K');
    await page.keyboard.press('n');
    await waitUntil('the cursor on the first finding (line 13)', async () => (await editor.cursorLine()) === 13);
    await page.keyboard.press('Control+Alt+K');
    await page.keyboard.press('n');
    await waitUntil('the cursor on the next finding (line 27)', async () => (await editor.cursorLine()) === 27);
    await page.keyboard.press('Control+Alt+K');
    await page.keyboard.press('p');
    await waitUntil('back on line 13', async () => (await editor.cursorLine()) === 13);
    const form = await acknowledgeFormAtCursor(page, TRAVERSAL);
    await editor.screenshot('acknowledge-at-cursor');
    await form.locator('vscode-button').filter({ hasText: 'Cancel' }).click();
    await editor.runCommand('View: Close All Editors');
  });

  it('a row opens the code; the triage panel is its inline action', async () => {
    const { editor, page } = session();
    const view = await editor.findingsView();
    const row = view.locator('.monaco-list-row[aria-level="2"]').filter({ hasText: TRAVERSAL }).first();
    await row.waitFor({ timeout: 30_000 });
    await row.click();
    await page.locator('.tabs-container .tab.active[aria-label*="receipts.ts"]').waitFor({ timeout: 30_000 });
    await waitUntil('the cursor on the finding', async () => (await editor.cursorLine()) === 13);
    await row.hover();
    await row.locator('.actions .action-label[aria-label="Open in Triage Panel"]').click();
    await triagePanel(page).locator('#details-title').getByText(TRAVERSAL).waitFor({ timeout: 30_000 });
    await editor.screenshot('tree-row-inline-action');
    await editor.runCommand('View: Close All Editors');
  });
});

describe('new findings from a background sync', () => {
  it('are announced when critical, with Show listing just them', async () => {
    const { editor, feed } = session();
    // Cleared first: the feed's event brings the finding within a second of the POST, and its toast with it.
    await editor.clearNotifications();
    await admin(feed, 'POST', 'findings', {
      project: DEMO_PROJECT,
      findings: [
        {
          id: 'E2E-NEW-CRITICAL',
          ruleId: 'ts/missing-signature-check',
          title: NEW_TITLE,
          message: 'The webhook handler never checks the `X-Signature` header.',
          severity: 'critical',
          location: { path: 'src/routes/webhooks.ts', startLine: 5 },
        },
      ],
    });
    // A background sync brings it: pushed by the feed's event stream (the poll, were it closed).
    const toast = await editor.notification(`1 new critical finding: “${NEW_TITLE}”`, 60_000);
    await editor.screenshot('new-critical-finding-announced');
    await toast.getByRole('button', { name: 'Show' }).click();
    const view = await editor.findingsView();
    await waitUntil('the view showing only the new finding', async () =>
      /new in the last sync — 1 of \d+/.test(await view.locator('.pane-header').innerText()),
    );
    // The row's title, then its description (grouped by file: "Critical · line 5 · open"). The
    // header's count changes at once; the rows follow once VS Code has asked for them again.
    const rows = await waitUntil('the view listing only the new finding', async () => {
      const texts = await view.locator('.monaco-list-row[aria-level="2"]').allInnerTexts();
      return texts.length === 1 ? texts : undefined;
    });
    assert.equal(rows.length, 1, JSON.stringify(rows));
    assert.ok(rows[0]!.startsWith(NEW_TITLE), rows[0]);
    await editor.screenshot('findings-view-new-only');
    await editor.runCommand('Findings Lens: Clear Filter');
  });

  it('writes one timestamp on each line of its log', () => {
    const lines = session().extensionLogTail(400);
    assert.ok(lines.length > 20, 'the log has lines');
    const doubled = lines.filter((l) => /\[(Trace|Debug|Info|Warn|Error)\s*- \d/.test(l));
    assert.deepEqual(doubled, [], 'no language client time inside a line that has its own');
  });
});
