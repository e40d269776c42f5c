import assert from 'node:assert/strict';
import { pickWillFix, triagePanel } from './editor';
import { admin, feedDecisions } from './feedAdmin';
import { DEMO_PROJECT } from './session';
import { waitUntil } from './waitUntil';
import { session } from './hooks';

const SQL_LINE = 'const sql = "SELECT id, amount_cents';

describe('the triage panel', () => {
  it('opens on the finding whose code lens is clicked, with its details', async () => {
    const { editor, page } = session();
    await editor.openFile('src/routes/payments.ts');
    await editor.goToLine(15);
    const lens = await editor.waitForCodeLensAbove(SQL_LINE, 'SQL injection in payment listing');
    const panel = triagePanel(page);
    const title = panel.locator('#details-title');
    await editor.clickCodeLens(lens.getByText(/SQL injection in payment listing/), 'the panel on the SQL injection finding', () =>
      title.isVisible(),
    );
    assert.equal(await title.innerText(), 'SQL injection in payment listing');
    const details = panel.locator('section.details');
    const facts = await details.locator('dl.facts').innerText();
    assert.match(facts, /Severity\s+Critical/);
    assert.match(facts, /Rule\s+ts\/sql-injection/);
    assert.match(facts, /Location\s+src\/routes\/payments\.ts:15/);
    const text = await details.innerText();
    assert.match(text, /query parameters are concatenated into the SQL text/, 'the message');
    assert.match(await details.locator('pre.snippet').first().innerText(), /const sql = "SELECT id, amount_cents/, 'the snippet');
    // The steps are numbered once, by the list (they read "1. 1. src/…" when the label numbered them too).
    const steps = await details.locator('ol.flow li').allInnerTexts();
    assert.deepEqual(
      steps.map((s) => s.replace(/ — .*/s, '')),
      ['src/routes/payments.ts:11', 'src/routes/payments.ts:15', 'src/routes/payments.ts:16'],
    );
    assert.equal(await details.locator('ol.flow').evaluate((ol) => getComputedStyle(ol).listStyleType), 'decimal');
    // The message is drawn from its markdown: the backticked names are code, not backticks.
    const message = details.locator('div.message');
    assert.ok((await message.locator('code').allInnerTexts()).includes('merchant'), await message.innerText());
    assert.doesNotMatch(await message.innerText(), /`merchant`/);
    assert.ok((await message.locator('pre.code code').count()) > 0, 'the fenced sample is a code block');
    await editor.clearNotifications();
    await editor.screenshot('panel-on-finding');
  });

  it('acknowledges it from the keyboard: the feed stores the decision once, the panel and the lens follow', async () => {
    const { editor, page, feed } = session();
    const panel = triagePanel(page);
    await panel.locator('#details-title').click();
    await page.keyboard.press('a');
    const reason = panel.locator('#form-reason');
    await reason.waitFor({ timeout: 30_000 });
    await editor.screenshot('acknowledge-form');
    await pickWillFix(page);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Fixing in PAY-42 this sprint.');
    await waitUntil('the comment typed', () =>
      panel.locator('#form-comment').evaluate((el) => (el as unknown as { value: string }).value === 'Fixing in PAY-42 this sprint.'),
    );
    await page.keyboard.press('Tab');
    await editor.screenshot('acknowledge-filled');
    // A slow feed, so the decision is seen waiting in the outbox before it is confirmed.
    await admin(feed, 'PUT', 'faults', { latencyMs: 1500 });
    await page.keyboard.press('Enter');
    const outbox = panel.locator('section.details ul.outbox');
    await outbox.getByText('Decision pending').waitFor({ timeout: 30_000 });
    // While it waits: the history has it (not "No decision yet"), and the panel says it is queued.
    await panel
      .locator('ol.history li.history-pending')
      .getByText(/Acknowledged \(Will fix\) from this editor: pending/)
      .waitFor({ timeout: 30_000 });
    assert.equal(await panel.getByText('No decision yet.').count(), 0);
    await panel.locator('.status').getByText('1 decision queued; waiting for the feed to store it.').waitFor({ timeout: 30_000 });
    await editor.screenshot('acknowledge-pending');
    await admin(feed, 'DELETE', 'faults');
    await outbox.getByText('Decision synced').waitFor({ timeout: 30_000 });
    await panel.locator('.status').getByText('The feed stored the decision.').waitFor({ timeout: 30_000 });
    const decisions = await waitUntil('the acknowledgement of AP-101 in the feed', async () => {
      const all = (await feedDecisions(feed, DEMO_PROJECT)).filter((d) => d.findingId === 'AP-101');
      return all.length > 0 ? all : undefined;
    });
    await editor.screenshot('acknowledge-sent');
    assert.equal(decisions.length, 1);
    assert.equal(decisions[0]!.action, 'acknowledge');
    assert.equal(decisions[0]!.reason, 'will_fix');
    assert.equal(decisions[0]!.comment, 'Fixing in PAY-42 this sprint.');
    assert.equal(decisions[0]!.actor.id, 'dana');

    let lenses: string[] = [];
    await waitUntil('the code lens to say the finding is acknowledged', async () => {
      lenses = (await page.locator('.codelens-decoration').allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
      return lenses.some((t) => /Critical · SQL injection in payment listing · acknowledged/.test(t));
    }).catch((error: Error) => {
      throw new Error(`${error.message}; lenses: ${JSON.stringify(lenses)}`);
    });
    await waitUntil('the panel to show the status acknowledged', async () =>
      /Status\s+acknowledged/.test(await panel.locator('section.details dl.facts').innerText()),
    );
    await editor.screenshot('acknowledged-lens');
  });
});
