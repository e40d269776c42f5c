import assert from 'node:assert/strict';
import { triagePanel } from './editor';
import { admin } from './feedAdmin';
import { session } from './hooks';
import { DEMO_PROJECT } from './session';
import { waitUntil } from './waitUntil';

// The feed's text reaches the panel as characters: markup, scripts and `command:` links included.
const TITLE = `<img src=x onerror="window.__xss='title'"><script>window.__xss='title';document.title='XSS'</script>`;
const MESSAGE = [
  "<img src=x onerror=\"window.__xss='message'\"> <script>window.__xss='message'</script>",
  '<a href="command:findingsLens.clearToken">clear the token</a> and [open a file](command:workbench.action.files.newUntitledFile)',
  '',
  '**Bold words**, `inline code`, a [script link](javascript:window.__xss=1) and [the CWE page](https://cwe.mitre.org/data/definitions/79.html).',
].join('\n');
const CWE_PAGE = 'https://cwe.mitre.org/data/definitions/79.html';

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
    assert.deepEqual(inside, { xss: null, title: 'Findings Lens: Triage', images: 0, scripts: [], links: [CWE_PAGE] });
    // Markdown is drawn as elements; a javascript: or command: link is its text, not a link.
    const message = details.locator('div.message');
    assert.equal(await message.locator('strong').innerText(), 'Bold words');
    assert.equal(await message.locator('code').innerText(), 'inline code');
    for (const text of ['script link', 'open a file', 'clear the token']) {
      assert.equal(await message.locator('a', { hasText: text }).count(), 0, `"${text}" is not a link`);
      assert.ok((await message.innerText()).includes(text), `"${text}" is shown as text`);
    }
    await editor.screenshot('panel-untrusted-text');

    // The one https link is opened by the extension host, which asks the editor to open it outside.
    await message.getByRole('link', { name: 'the CWE page' }).click();
    const dialog = page.locator('.monaco-dialog-box').filter({ hasText: /open the external website/i });
    await dialog.waitFor({ timeout: 30_000 });
    assert.match(await dialog.innerText(), /cwe\.mitre\.org/);
    await editor.screenshot('panel-link-opened-by-the-host');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 30_000 });

    await details
      .getByText(/clear the token/)
      .first()
      .click();
    await editor.runCommand('Findings Lens: Sync Now');
    assert.doesNotMatch(await editor.waitForStatus(/up to date at/, 60_000), /token/i, 'the token was not cleared');
    assert.equal(await page.locator('.tabs-container .tab[aria-label*="Untitled"]').count(), 0, 'no new file was opened');
    assert.doesNotMatch(await page.title(), /XSS/);
  });

  it('says when several findings are selected, and what can be done with them', async () => {
    const { editor, page } = session();
    await editor.runCommand('Findings Lens: Open Triage Panel');
    const panel = triagePanel(page);
    await panel.locator('vscode-textfield[placeholder="title, rule or path"] input').fill('');
    const rows = panel.locator('.row');
    await rows
      .nth(2)
      .waitFor({ timeout: 30_000 })
      .catch(async (error: unknown) => {
        // Say what the list showed instead: how many rows, and what the text filter held.
        const text = await panel
          .locator('vscode-textfield[placeholder="title, rule or path"] input')
          .inputValue()
          .catch(() => '?');
        throw new Error(`the list showed ${await rows.count()} row(s) with the text filter ${JSON.stringify(text)}: ${String(error)}`);
      });
    await rows.nth(0).click();
    await rows.nth(1).click({ modifiers: ['Control'] });
    await rows.nth(2).click({ modifiers: ['Control'] });
    const details = panel.locator('section.details');
    await details.getByText('3 findings selected').waitFor({ timeout: 30_000 });
    assert.ok(await details.locator('vscode-button', { hasText: 'Acknowledge 3… (a)' }).isVisible());
    assert.equal(await details.locator('.selection-list li').count(), 3);
    await editor.screenshot('panel-three-selected');
    await rows.nth(0).click();
    await details.getByText('3 findings selected').waitFor({ state: 'hidden', timeout: 30_000 });
  });

  it('stacks the list above the details when the panel is narrow, side by side when wide', async () => {
    const { editor, page } = session();
    const panel = triagePanel(page);
    const boxes = async () => {
      const [list, side] = await Promise.all([panel.locator('.list').boundingBox(), panel.locator('.side').boundingBox()]);
      if (!list || !side) throw new Error('the list or the details are not drawn');
      return { list, side };
    };
    try {
      // The panel at less than a third of the window.
      await page.setViewportSize({ width: 1200, height: 900 });
      await waitUntil('the list stacked above the details', async () => {
        const b = await boxes();
        return b.list.y + b.list.height <= b.side.y + 1;
      });
      const title = panel.locator('.row .title').first();
      const readable = await title.evaluate((el) => ({ shown: el.clientWidth, row: el.parentElement!.clientWidth }));
      assert.ok(readable.shown > readable.row * 0.4, `the title has room: ${JSON.stringify(readable)}`);
      await editor.screenshot('panel-narrow-stacked');
      await page.setViewportSize({ width: 2400, height: 900 });
      await waitUntil('the list beside the details', async () => {
        const b = await boxes();
        return b.list.x + b.list.width <= b.side.x + 1;
      });
      await editor.screenshot('panel-wide-side-by-side');
    } finally {
      await page.setViewportSize({ width: 1400, height: 900 });
    }
  });
});
