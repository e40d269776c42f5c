import assert from 'node:assert/strict';
import { triagePanel } from './editor';
import { feedDecisions } from './feedAdmin';
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
    await lens.getByText(/SQL injection in payment listing/).click();
    const panel = triagePanel(page);
    const title = panel.locator('#details-title');
    await title.waitFor({ timeout: 30_000 });
    assert.equal(await title.innerText(), 'SQL injection in payment listing');
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
    // The form takes focus on its reason; the dropdown opens with ArrowDown and picks with Enter.
    await waitUntil('focus on the reason picker', () => reason.evaluate((el) => el.matches(':focus-within') || document.activeElement === el));
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await waitUntil('"Will fix" chosen', () => reason.evaluate((el) => (el as unknown as { value: string }).value === 'will_fix'));
    await page.keyboard.press('Tab');
    await page.keyboard.type('Fixing in PAY-42 this sprint.');
    await waitUntil('the comment typed', () => panel.locator('#form-comment').evaluate((el) => (el as unknown as { value: string }).value === 'Fixing in PAY-42 this sprint.'));
    await page.keyboard.press('Tab');
    await editor.screenshot('acknowledge-filled');
    await page.keyboard.press('Enter');
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
  });
});
