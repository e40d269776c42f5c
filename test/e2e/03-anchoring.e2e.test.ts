import assert from 'node:assert/strict';
import { session } from './hooks';

// AP-103 flags `const file = path.join(config.receiptsDir, req.params.name);`, line 13 of receipts.ts.
const FLAGGED = 'const file = path.join(config.receiptsDir';
const TITLE = 'Path traversal in receipt download';

describe('editing above a finding', () => {
  it('keeps its code lens and squiggle on the flagged code', async () => {
    const { editor, page } = session();
    await editor.openFile('src/routes/receipts.ts');
    await editor.waitForCodeLensAbove(FLAGGED, TITLE);
    await editor.goToLine(1);
    await page.keyboard.press('Home');
    // Three new lines at the top, then text on each (Enter inside a comment would continue it).
    for (let i = 0; i < 3; i++) await page.keyboard.press('Enter');
    await page.keyboard.press('Control+Home');
    for (const line of ['// Receipts are rendered on demand', '// and kept for seven years', '// typed by the end-to-end test']) {
      await page.keyboard.type(line);
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Home');
    }
    await editor.screenshot('typed-lines-above');
    // The server re-anchors on the unsaved text: the Problems panel, which VS Code never moves by
    // itself, reports the new line once the server has published it.
    await editor.showProblems();
    const filter = page.getByPlaceholder(/^Filter \(e\.g\./).first();
    await filter.fill(TITLE);
    const row = editor.problemRows().filter({ hasText: TITLE }).first();
    await row.filter({ hasText: '[Ln 16,' }).waitFor({ timeout: 30_000 });
    assert.match((await row.getAttribute('aria-label')) ?? '', /at line 16\b/);
    await filter.fill('');
    await editor.openFile('src/routes/receipts.ts');
    await editor.goToLine(16);
    await editor.waitForCodeLensAbove(FLAGGED, TITLE);
    await editor.waitForSquiggleOn(FLAGGED, 'error');
    await editor.screenshot('code-lens-followed-the-code');
    await editor.runCommand('File: Revert File');
    await editor.showProblems();
    await filter.fill(TITLE);
    await editor.problemRows().filter({ hasText: TITLE }).filter({ hasText: '[Ln 13,' }).first().waitFor({ timeout: 30_000 });
    await filter.fill('');
  });
});
