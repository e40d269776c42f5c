import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { triagePanel } from './editor';
import { session } from './hooks';
import { waitUntil } from './waitUntil';

// AP-118 (low) flags line 12 of scripts/backup.sh, `chmod 777 "$BACKUP_DIR"`; the demo seed suggests `chmod 700`.
const FLAGGED = 'chmod 777 "$BACKUP_DIR"';
const FIXED = 'chmod 700 "$BACKUP_DIR"';
const FIX_TITLE = 'Apply suggested fix: Make the backup folder private to the user that runs the backup (chmod 700)';

describe('a suggested fix', () => {
  it('is applied from the Quick Fix menu (Ctrl+.) through the refactor preview, and offers to acknowledge as Will fix', async () => {
    const { editor, page, workspace } = session();
    await editor.runCommand('View: Close All Editors');
    await editor.openFile('scripts/backup.sh');
    await editor.waitForSquiggleOn(FLAGGED, 'info');
    await editor.waitForCodeLensAbove(FLAGGED, 'Apply suggested fix…');
    await editor.goToLine(12);

    await page.keyboard.press('Control+.');
    const fix = page.locator('.action-widget .monaco-list-row').filter({ hasText: FIX_TITLE }).first();
    await fix.waitFor({ timeout: 30_000 });
    await editor.screenshot('suggested-fix-quick-fix-menu');
    // As a user does with the keyboard (the menu blocks the pointer while it opens): move to the fix, Enter.
    await waitUntil('the suggested fix focused in the menu', async () => {
      if (/\bfocused\b/.test((await fix.getAttribute('class')) ?? '')) return true;
      await page.keyboard.press('ArrowDown');
      return false;
    });
    await page.keyboard.press('Enter');

    // needsConfirmation: VS Code lists the change in its refactor preview, unticked; nothing changed yet.
    const preview = page.locator('.bulk-edit-panel');
    const apply = preview.locator('.buttons .monaco-button').filter({ hasText: 'Apply' }).first();
    await apply.waitFor({ timeout: 30_000 });
    const fileBox = preview.locator('input.edit-checkbox').first();
    await fileBox.waitFor({ timeout: 30_000 });
    assert.equal(await fileBox.isChecked(), false, 'an edit that needs confirmation starts unticked');
    assert.equal(await editor.lineWithText(FIXED).count(), 0, 'not applied before the preview is accepted');
    await editor.screenshot('suggested-fix-refactor-preview');
    // The user ticks the change and applies it.
    await fileBox.click();
    await waitUntil('the change ticked', () => fileBox.isChecked());
    await apply.click();

    await editor.lineWithText(FIXED).first().waitFor({ timeout: 30_000 });
    assert.equal(await editor.lineWithText(FLAGGED).count(), 0, 'the flagged line was replaced');
    // Applied to the editor's text, not written behind the user's back: the file on disk waits for a save.
    assert.match(readFileSync(path.join(workspace, 'scripts', 'backup.sh'), 'utf8'), /chmod 777/);

    const toast = await editor.notification(/suggested fix was applied\. Acknowledge the finding as "Will fix"\?/);
    await editor.screenshot('suggested-fix-applied-notification');
    await toast.getByRole('button', { name: 'Acknowledge as Will fix…' }).click();
    const panel = triagePanel(page);
    const reason = panel.locator('#form-reason');
    await reason.waitFor({ timeout: 30_000 });
    await waitUntil('"Will fix" chosen in the form', () =>
      reason.evaluate((el) => (el as unknown as { value: string }).value === 'will_fix'),
    );
    await editor.screenshot('suggested-fix-acknowledge-form');
    // The user decides: cancelling sends nothing.
    await panel.locator('section.form vscode-button').filter({ hasText: 'Cancel' }).click();

    // Leave the file as it was on disk for whoever comes next.
    await editor.runCommand('View: Focus First Editor Group');
    await editor.runCommand('File: Revert File');
    await editor.lineWithText(FLAGGED).first().waitFor({ timeout: 30_000 });
    await editor.runCommand('View: Close All Editors');
  });

  it('opens from its code lens in the same preview, and Discard changes nothing', async () => {
    const { editor, page } = session();
    await editor.openFile('scripts/backup.sh');
    const lens = await editor.waitForCodeLensAbove(FLAGGED, 'Apply suggested fix…');
    const preview = page.locator('.bulk-edit-panel');
    const discard = preview.locator('.buttons .monaco-button').filter({ hasText: 'Discard' }).first();
    // The only fix of the finding goes straight to the preview.
    await editor.clickCodeLens(lens.getByText('Apply suggested fix…'), 'the refactor preview', () => discard.isVisible());
    await editor.screenshot('suggested-fix-from-lens');
    await discard.click();
    await discard.waitFor({ state: 'hidden', timeout: 30_000 });
    await editor.lineWithText(FLAGGED).waitFor({ timeout: 30_000 });
    assert.equal(await editor.lineWithText(FIXED).count(), 0, 'discarded: the line is as it was');
    await editor.runCommand('View: Close All Editors');
  });
});
