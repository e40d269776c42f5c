import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { session } from './hooks';
import { waitUntil } from './waitUntil';

// AP-115 flags `stack: err.stack` (columns 46–62) on line 32 of src/server.ts.
const FILE = 'src/server.ts';
const FLAGGED_LINE = 'res.status(500).json({ error: err.message, stack: err.stack });';
const TITLE = 'Stack traces returned to API clients';

describe('a file edited above a finding, saved and closed', () => {
  it('lists the finding at its new line in Problems, and a double-click selects the flagged code', async () => {
    const { editor, page, workspace } = session();
    const onDisk = path.join(workspace, ...FILE.split('/'));
    const original = readFileSync(onDisk, 'utf8');
    try {
      await editor.openFile(FILE);
      // Line 32 is below the first screen when the panel is open (as the tests before leave it).
      await editor.goToLine(32);
      await editor.waitForCodeLensAbove(FLAGGED_LINE, TITLE);
      await editor.goToLine(1);
      await page.keyboard.press('Home');
      await page.keyboard.type('// Two lines typed above the finding');
      await page.keyboard.press('Enter');
      await page.keyboard.type('// by the end-to-end test, then saved');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Control+S');
      await waitUntil('the file saved', async () => readFileSync(onDisk, 'utf8').startsWith('// Two lines typed above'), {
        timeoutMs: 30_000,
      });
      await editor.runCommand('View: Close Editor');
      const tab = page.locator('.tabs-container .tab', { hasText: 'server.ts' });
      await waitUntil('the editor closed', async () => (await tab.count()) === 0, { timeoutMs: 30_000 });

      // Closed: VS Code shows what the server last published for the file; the server read it from disk.
      await editor.showProblems();
      const filter = page.getByPlaceholder(/^Filter \(e\.g\./).first();
      await filter.fill(TITLE);
      const row = editor.problemRows().filter({ hasText: TITLE }).filter({ hasText: '[Ln 34, Col 46]' }).first();
      await row.waitFor({ timeout: 30_000 });
      assert.equal(await tab.count(), 0, 'the file is still closed');
      await editor.screenshot('closed-file-problem-on-new-line');

      // On the message: the rule id beside it is a link to the rule's help.
      await row.getByText(TITLE).first().dblclick();
      await page.locator('.tabs-container .tab.active[aria-label*="server.ts"]').waitFor({ timeout: 30_000 });
      const selection = await waitUntil(
        'the flagged code selected',
        async () => {
          const text = await page.locator('#status\\.editor\\.selection').innerText({ timeout: 2000 });
          return /Ln 34, Col (46|62) \(16 selected\)/.test(text) ? text : undefined;
        },
        { timeoutMs: 30_000 },
      );
      assert.match(selection, /Ln 34/);
      await editor.screenshot('closed-file-problem-double-clicked');
      await filter.fill('');
    } finally {
      // Later files of the suite expect the demo workspace as it was.
      writeFileSync(onDisk, original);
      await editor.runCommand('View: Close Editor').catch(() => undefined);
    }
  });
});
