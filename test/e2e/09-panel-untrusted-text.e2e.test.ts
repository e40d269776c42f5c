import assert from 'node:assert/strict';
import { triagePanel } from './editor';
import { admin } from './feedAdmin';
import { session } from './hooks';
import { DEMO_PROJECT } from './session';

// The feed's text reaches the panel as characters: markup, scripts and `command:` links included.
const TITLE = `<img src=x onerror="window.__xss='title'"><script>window.__xss='title';document.title='XSS'</script>`;
const MESSAGE = [
  "<img src=x onerror=\"window.__xss='message'\"> <script>window.__xss='message'</script>",
  '<a href="command:findingsLens.clearToken">clear the token</a> and [open a file](command:workbench.action.files.newUntitledFile)',
].join('\n');

describe('a finding whose text is an attack, in the panel', () => {
  before(async () => {
    await admin(session().feed, 'POST', 'findings', {
      project: DEMO_PROJECT,
      findings: [
        {
          id: 'E2E-XSS-PANEL',
          ruleId: 'e2e/xss-panel',
          title: TITLE,
          message: MESSAGE,
          severity: 'low',
          location: {
            path: 'src/server.ts',
            startLine: 1,
            startColumn: 1,
            endLine: 1,
            endColumn: 10,
            snippet: '<script>window.__xss="snippet"</script>',
          },
        },
      ],
    });
  });

  it('shows the title, message and snippet as plain text; no script runs, no element or command comes of it', async () => {
    const { editor, page } = session();
    await editor.runCommand('Findings Lens: Sync Now');
    await editor.waitForStatus(/up to date at/, 60_000);
    await editor.runCommand('Findings Lens: Open Triage Panel');
    const panel = triagePanel(page);
    await panel.locator('vscode-textfield[placeholder="title, rule or path"] input').fill('e2e/xss-panel');
    await panel.locator('.row', { hasText: '<img src=x' }).first().click();
    const title = panel.locator('#details-title');
    await title.getByText(TITLE, { exact: true }).waitFor({ timeout: 30_000 });
    const details = panel.locator('section.details');
    const text = await details.innerText();
    assert.ok(text.includes(`<a href="command:findingsLens.clearToken">clear the token</a>`), text);
    assert.ok(text.includes('<script>window.__xss="snippet"</script>'), text);
    const inside = await details.evaluate((el) => ({
      xss: (window as unknown as { __xss?: unknown }).__xss ?? null,
      title: document.title,
      images: document.querySelectorAll('img').length,
      scripts: Array.from(document.scripts)
        .map((sc) => sc.src || `inline: ${sc.textContent ?? ''}`)
        .filter((sc) => /xss/i.test(sc)),
      links: Array.from(el.querySelectorAll('a')).map((a) => a.getAttribute('href')),
    }));
    assert.deepEqual(inside, { xss: null, title: 'Findings Lens: Triage', images: 0, scripts: [], links: [] });
    await editor.screenshot('panel-untrusted-text');

    await details
      .getByText(/clear the token/)
      .first()
      .click();
    await editor.runCommand('Findings Lens: Sync Now');
    assert.doesNotMatch(await editor.waitForStatus(/up to date at/, 60_000), /token/i, 'the token was not cleared');
    assert.equal(await page.locator('.tabs-container .tab[aria-label*="Untitled"]').count(), 0, 'no new file was opened');
    assert.doesNotMatch(await page.title(), /XSS/);
  });
});
