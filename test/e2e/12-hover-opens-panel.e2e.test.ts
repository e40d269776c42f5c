import assert from 'node:assert/strict';
import { triagePanel } from './editor';
import { session } from './hooks';

const TRAVERSAL_LINE = 'path.join(config.receiptsDir, req.params.name)';

describe('the hover', () => {
  it('opens the triage panel on its finding through its one trusted link', async () => {
    const { editor, page } = session();
    // From a clean layout (the lead's test leaves its panel where a new file would cover it), so
    // the link has to create the panel and show it beside the file.
    await editor.runCommand('View: Close All Editors');
    await editor.openFile('src/routes/receipts.ts');
    await editor.goToLine(13);
    const hover = await editor.hoverOver(TRAVERSAL_LINE, /Path traversal in receipt download/);
    const link = hover.getByRole('link', { name: /Open (finding \d+ )?in the triage panel/ }).first();
    await link.waitFor({ state: 'visible', timeout: 30_000 });
    // First in the hover, above the finding's title (below a long message it was scrolled away).
    const [linkBox, titleBox] = await Promise.all([
      link.boundingBox(),
      hover.locator('h3').filter({ hasText: 'Path traversal in receipt download' }).first().boundingBox(),
    ]);
    assert.ok(linkBox && titleBox && linkBox.y < titleBox.y, `the link above the title: ${JSON.stringify({ linkBox, titleBox })}`);
    await editor.screenshot('hover-panel-link');
    await link.click();
    const title = triagePanel(page).locator('#details-title');
    await title.filter({ hasText: 'Path traversal in receipt download' }).waitFor({ timeout: 30_000 });
    assert.equal(await title.innerText(), 'Path traversal in receipt download');
    await editor.screenshot('hover-opened-panel');
  });
});
