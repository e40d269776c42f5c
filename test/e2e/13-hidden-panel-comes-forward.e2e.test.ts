import assert from 'node:assert/strict';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { triagePanel } from './editor';
import { session } from './hooks';
import { waitUntil } from './waitUntil';

// No other test uses these three, all open: AP-106 flags line 17 of src/routes/webhooks.ts, AP-104
// line 25 of src/config.ts, AP-116 line 16 of src/server.ts.
const SSRF_TITLE = 'Server-side request forgery in webhook test';
const SSRF_LINE = 'const response = await fetch(url, {';
const KEY_TITLE = 'Hard-coded payment processor API key';
const KEY_LINE = "const PROCESSOR_API_KEY = 'demo_live_key_NOT_REAL";
const CORS_TITLE = 'Any origin may call the API with credentials';
const CORS_LINE = "res.setHeader('Access-Control-Allow-Origin', config.corsOrigin);";

/** The panel's tab is the one its editor group shows (not covered by another tab of the group). */
function panelInFront(page: Page): Promise<boolean> {
  return page.locator('.tabs-container .tab.active[aria-label*="Findings Lens: Triage"]').isVisible();
}

async function waitForDetails(panel: FrameLocator, title: string): Promise<void> {
  await panel.locator('#details-title').getByText(title).waitFor({ timeout: 30_000 });
}

/** Whether the panel is in front showing `title`. */
async function showing(page: Page, panel: FrameLocator, title: string): Promise<boolean> {
  return (
    (await panelInFront(page)) &&
    (await panel
      .locator('#details-title')
      .getByText(title)
      .isVisible()
      .catch(() => false))
  );
}

/** Opens a file with Quick Open in the active group (the panel's), so that it covers the panel. */
async function coverPanelWith(file: string): Promise<void> {
  const { editor, page } = session();
  await editor.openFile(file);
  await waitUntil(
    `the triage panel behind ${file} in its group`,
    async () =>
      (await page.locator('.tabs-container .tab[aria-label*="Findings Lens: Triage"]').count()) === 1 && !(await panelInFront(page)),
  );
}

/** Closes the decision form with its Cancel button, nothing sent. */
async function cancel(form: Locator): Promise<void> {
  await form.locator('vscode-button').filter({ hasText: 'Cancel' }).click();
  await waitUntil('the form closed', async () => !(await form.isVisible()));
}

describe('a triage panel hidden behind another tab', () => {
  it('comes to the front, with the keyboard in it, on the finding a code lens asks for', async () => {
    const { editor, page } = session();
    await editor.runCommand('View: Close All Editors');
    await editor.openFile('src/routes/webhooks.ts');
    await editor.goToLine(17);
    const ssrf = await editor.waitForCodeLensAbove(SSRF_LINE, SSRF_TITLE);
    const panel = triagePanel(page);
    await editor.clickCodeLens(ssrf.getByText(SSRF_TITLE), 'the panel on the SSRF finding', () => showing(page, panel, SSRF_TITLE));
    await waitForDetails(panel, SSRF_TITLE);

    // The panel has the focus, so Quick Open opens config.ts in the panel's group, over it.
    await coverPanelWith('src/config.ts');
    await editor.goToLine(25);
    const key = await editor.waitForCodeLensAbove(KEY_LINE, KEY_TITLE);
    await editor.screenshot('panel-hidden-behind-a-file');
    await editor.clickCodeLens(key.getByText(KEY_TITLE), 'the panel in front again on the API key finding', () =>
      showing(page, panel, KEY_TITLE),
    );
    await waitForDetails(panel, KEY_TITLE);
    // The keyboard reaches it: its "d" shortcut opens the dispute form (closed again unsent).
    const form = panel.locator('section.form');
    await page.keyboard.press('d');
    await form.getByText('Dispute this finding').waitFor({ timeout: 30_000 });
    await cancel(form);
    await editor.screenshot('hidden-panel-brought-forward');
  });

  it("opens Acknowledge's form on its finding when the panel was hidden", async () => {
    const { editor, page } = session();
    await coverPanelWith('src/server.ts');
    await editor.goToLine(16);
    const lens = await editor.waitForCodeLensAbove(CORS_LINE, CORS_TITLE);
    const panel = triagePanel(page);
    await editor.clickCodeLens(lens.getByText('Acknowledge', { exact: true }), 'the panel in front again on the CORS finding', () =>
      showing(page, panel, CORS_TITLE),
    );
    await waitForDetails(panel, CORS_TITLE);
    const form = panel.locator('section.form');
    await form.getByText('Acknowledge this finding').waitFor({ timeout: 30_000 });
    assert.equal(await panel.locator('#details-title').innerText(), CORS_TITLE);
    await editor.screenshot('hidden-panel-acknowledge-form');
    await cancel(form);
  });
});
