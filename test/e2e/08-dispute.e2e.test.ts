import assert from 'node:assert/strict';
import { triagePanel } from './editor';
import { feedDecisions } from './feedAdmin';
import { session } from './hooks';
import { DEMO_PROJECT } from './session';
import { waitUntil } from './waitUntil';

// AP-111 (medium) flags line 29 of src/auth/session.ts.
const TOKEN_LINE = 'token += Math.floor(Math.random';
const COMMENT = 'Only used for the CSRF cookie name, not for a secret.';

describe('disputing a finding', () => {
  it('refuses a dispute without a comment, then stores the commented one once in the feed', async () => {
    const { editor, page, feed } = session();
    await editor.openFile('src/auth/session.ts');
    await editor.goToLine(29);
    const lens = await editor.waitForCodeLensAbove(TOKEN_LINE, 'Session tokens generated with Math.random');
    const panel = triagePanel(page);
    const title = panel.locator('#details-title').getByText('Session tokens generated with Math.random');
    await editor.clickCodeLens(lens.getByText(/Session tokens generated with Math\.random/), 'the panel on the Math.random finding', () =>
      title.isVisible(),
    );
    await page.keyboard.press('d');
    const form = panel.locator('section.form');
    await form.getByText('Dispute this finding').waitFor({ timeout: 30_000 });
    assert.match(await panel.locator('#details-title').innerText(), /Session tokens generated with Math\.random/);

    const reason = panel.locator('#form-reason');
    await waitUntil('focus on the justification picker', () => reason.evaluate((el) => el.matches(':focus-within')));
    // Escape with the picker's list open closes the list only; once more, it closes the form, as
    // anywhere else in the form. 'd' opens it again.
    await page.keyboard.press('ArrowDown');
    await waitUntil('the justification list open', () => reason.evaluate((el) => (el as unknown as { open: boolean }).open));
    await page.keyboard.press('Escape');
    await waitUntil(
      'the justification list closed',
      async () => !(await reason.evaluate((el) => (el as unknown as { open: boolean }).open)),
    );
    assert.ok(await form.getByText('Dispute this finding').isVisible(), 'the form stays while Escape closes the list');
    await page.keyboard.press('Escape');
    await form.getByText('Dispute this finding').waitFor({ state: 'hidden', timeout: 30_000 });
    await page.keyboard.press('d');
    await form.getByText('Dispute this finding').waitFor({ timeout: 30_000 });
    await waitUntil('focus on the justification picker again', () => reason.evaluate((el) => el.matches(':focus-within')));
    // As a user does: the list seen open, a justification seen highlighted, then Enter. A key sent
    // while the list was still opening was lost on a loaded machine. A choice that did not take is
    // logged with the picker's state and a screenshot and made again; twice in a full suite
    // (2026-12-04) the highlight never moved under ArrowDown with the list open, so the third time
    // it is made as a user would after keys did nothing: with a click on the option (logged).
    const isOpen = () => reason.evaluate((el) => (el as unknown as { open: boolean }).open);
    const chosen = () => reason.evaluate((el) => (el as unknown as { value: string }).value !== '');
    const highlighted = () => reason.evaluate((el) => el.shadowRoot?.querySelector('li.option.active')?.textContent?.trim() ?? '');
    for (let attempt = 1; ; attempt++) {
      if (!(await isOpen())) await page.keyboard.press('ArrowDown');
      await waitUntil('the justification list open again', isOpen);
      if (attempt < 3) {
        await page.keyboard.press('ArrowDown');
        const moved = await waitUntil(
          'a justification highlighted',
          async () => !['', 'Choose a justification…'].includes(await highlighted()),
          {
            timeoutMs: 5_000,
          },
        ).then(
          () => true,
          () => false,
        );
        if (moved) await page.keyboard.press('Enter');
      } else {
        // The option's click event itself: near the bottom of the window the list reaches under the
        // editor's status bar, which takes a pointer click there.
        console.warn('[e2e] choosing the justification with a click: the keys took no choice twice');
        await reason.locator('li.option', { hasText: 'False positive' }).dispatchEvent('click');
      }
      try {
        await waitUntil('a justification chosen', chosen, { timeoutMs: attempt < 3 ? 5_000 : 30_000 });
        break;
      } catch (error) {
        if (attempt >= 3) throw error;
        const picker = await reason.evaluate((el) => ({
          open: (el as unknown as { open: boolean }).open,
          value: (el as unknown as { value: string }).value,
          highlighted: el.shadowRoot?.querySelector('li.option.active')?.textContent?.trim() ?? null,
          focused: el.matches(':focus-within'),
          active: (el.shadowRoot?.activeElement ?? document.activeElement)?.tagName ?? null,
          frameFocused: document.hasFocus(),
        }));
        const shot = await editor.screenshot('justification-not-chosen').catch(() => '(no screenshot)');
        console.warn(
          `[e2e] the justification picker took no choice (${JSON.stringify(picker)}; screenshot ${shot}); choosing again (attempt ${attempt + 1})`,
        );
      }
    }
    const justification = await reason.evaluate((el) => (el as unknown as { value: string }).value);

    // No comment: the form says why and keeps the dispute to itself.
    await form.locator('vscode-button').filter({ hasText: 'Dispute' }).first().click();
    await panel.locator('#problem-comment').getByText('A dispute needs a comment explaining why.').waitFor({ timeout: 30_000 });
    assert.equal(await panel.locator('#form-comment').evaluate((el) => el.hasAttribute('invalid')), true);
    await editor.screenshot('dispute-refused-without-comment');
    assert.deepEqual(
      (await feedDecisions(feed, DEMO_PROJECT)).filter((d) => d.findingId === 'AP-111'),
      [],
    );

    await panel.locator('#form-comment').click();
    await page.keyboard.type(COMMENT);
    await form.locator('vscode-button').filter({ hasText: 'Dispute' }).first().click();
    await panel.locator('section.details ul.outbox').getByText('Decision synced').waitFor({ timeout: 30_000 });
    const decisions = (await feedDecisions(feed, DEMO_PROJECT)).filter((d) => d.findingId === 'AP-111');
    assert.equal(decisions.length, 1, JSON.stringify(decisions));
    assert.equal(decisions[0]!.action, 'dispute');
    assert.equal(decisions[0]!.reason, justification);
    assert.equal(decisions[0]!.comment, COMMENT);
    assert.equal(decisions[0]!.actor.id, 'dana');
    await editor.screenshot('disputed');
  });
});
