import assert from 'node:assert/strict';
import { admin } from './feedAdmin';
import { DEMO_PROJECT } from './session';
import { session as current } from './hooks';
import { waitUntil } from './waitUntil';

// The feed's text is untrusted: a title and message made of HTML, a script and `command:` links
// must reach the user as the characters they are, and nothing in them may run.
const TITLE = `<img src=x onerror="document.title='XSS-TITLE'"><script>document.title='XSS-TITLE'</script>`;
const MESSAGE = [
  "**Payload** <img src=x onerror=\"document.title='XSS-MESSAGE'\"> <script>document.title='XSS-MESSAGE'</script>",
  '',
  '[Open a new file](command:workbench.action.files.newUntitledFile) and [clear the token](command:findingsLens.clearToken)',
].join('\n');
const FLAGGED = 'console.warn(`slow query';

describe('a finding whose text is an attack', () => {
  before(async () => {
    const { editor, feed, extensionLogTail } = current();
    // Sync Now is what brings the finding here: with the feed's event stream open, its event would
    // bring it first (e2e 17 covers that). Off, as a user may set it, until this file is done.
    await editor.setUserCheckbox('findingsLens.feed.pushUpdates', false);
    await waitUntil('the server polling, the event stream closed', async () =>
      extensionLogTail(20).some((l) => l.includes('findingsLens.feed.pushUpdates is off')),
    );
    await admin(feed, 'POST', 'findings', {
      project: DEMO_PROJECT,
      findings: [
        {
          id: 'E2E-XSS',
          ruleId: 'e2e/xss-payload',
          title: TITLE,
          message: MESSAGE,
          severity: 'high',
          location: {
            path: 'src/db.ts',
            startLine: 22,
            startColumn: 5,
            endLine: 22,
            endColumn: 70,
            snippet: '    console.warn(`slow query (${elapsed} ms): ${text.slice(0, 80)}`);',
          },
        },
      ],
    });
  });
  after(async () => {
    await current().editor.setUserCheckbox('findingsLens.feed.pushUpdates', true, { isDefault: true });
  });

  it('shows the title and message as plain text in the code lens and the hover; nothing runs', async () => {
    const { editor, page } = current();
    // No toasts left from the tests before: VS Code shows three at most, and holds a new one back.
    await editor.clearNotifications();
    await editor.runCommand('Findings Lens: Sync Now');
    await editor.waitForStatus(/21 total · up to date at/, 60_000);
    // Sync Now names what changed (the title as text), and Show lists just that in the Findings view.
    const synced = await editor.notification(/Findings Lens synced: 1 new in 1 file: “<img src=x onerror=/);
    assert.equal(await synced.locator('.notification-list-item-message a').count(), 0, 'the title makes no link in the notification');
    await editor.screenshot('sync-now-names-what-changed');
    await synced.getByRole('button', { name: 'Show' }).click();
    const view = await editor.findingsView();
    await waitUntil('the Findings view showing only the new finding', async () =>
      /changed in the last sync — 1 of 21/.test(await view.locator('.pane-header').innerText()),
    );
    const rows = view.locator('.monaco-list-row[aria-level="2"]');
    await rows.filter({ hasText: '<img src=x onerror=' }).first().waitFor({ timeout: 30_000 });
    assert.deepEqual(
      (await rows.allInnerTexts()).map((t) => t.includes('<img src=x onerror=')),
      [true],
    );
    await editor.screenshot('findings-view-shows-what-changed');
    await editor.runCommand('Findings Lens: Clear Filter');
    await waitUntil('the filter cleared', async () => /by severity/.test(await view.locator('.pane-header').innerText()));
    await editor.runCommand('View: Show Explorer');
    await editor.openFile('src/db.ts');
    const lens = await editor.waitForCodeLensAbove(FLAGGED, '<img src=x onerror=');
    assert.match(await lens.innerText(), /High · <img src=x onerror="document\.title='XSS-TITLE'"><script>/);

    const hover = await editor.hoverOver('slow query', /Payload/);
    const text = await hover.innerText();
    assert.ok(text.includes(`<img src=x onerror="document.title='XSS-TITLE'">`), `the title as text in the hover:\n${text}`);
    assert.ok(text.includes('<script>'), `the script tag as text in the hover:\n${text}`);
    const markup = await hover.evaluate((el) => ({
      images: el.querySelectorAll('img').length,
      scripts: el.querySelectorAll('script').length,
      commandLinks: Array.from(el.querySelectorAll('a'))
        .map((a) => a.getAttribute('href') ?? a.getAttribute('data-href') ?? '')
        .filter((h) => h.startsWith('command:')),
    }));
    // The one command link a hover may carry is the client's own, trusted for showDetails only,
    // whose argument is the finding id; none comes from the feed's text.
    const own = markup.commandLinks.filter((h) => h.startsWith('command:findingsLens.showDetails?'));
    assert.deepEqual(
      { ...markup, commandLinks: markup.commandLinks.filter((h) => !own.includes(h)) },
      { images: 0, scripts: 0, commandLinks: [] },
    );
    for (const h of own) {
      const args: unknown = JSON.parse(decodeURIComponent(h.slice(h.indexOf('?') + 1)));
      assert.ok(Array.isArray(args) && args.length === 1 && typeof args[0] === 'string', `showDetails gets one finding id: ${h}`);
    }
    await editor.screenshot('untrusted-text-hover');

    // Click where the links' text is, as a curious user would.
    for (const label of ['Open a new file', 'clear the token']) {
      const spot = hover.getByText(label, { exact: false }).first();
      if (await spot.count()) await spot.click();
    }
    // Barrier: a sync that completes after the clicks; then nothing the links name has happened.
    await editor.runCommand('Findings Lens: Sync Now');
    const status = await editor.waitForStatus(/up to date at/, 60_000);
    assert.doesNotMatch(status, /token/i, 'the token was not cleared');
    assert.equal(await page.locator('.tabs-container .tab[aria-label*="Untitled"]').count(), 0, 'no new file was opened');
    assert.doesNotMatch(await page.title(), /XSS/, 'no script changed the page');
    assert.equal(await page.evaluate(() => document.querySelectorAll('img[src="x"]').length), 0);
  });
});
