import assert from 'node:assert/strict';
import { session } from './hooks';

// AP-101 (critical) flags line 15 of src/routes/payments.ts; AP-111 (medium) line 29 of session.ts.
const SQL_LINE = 'const sql = "SELECT id, amount_cents';

describe('a finding in the editor', () => {
  it('is listed in the Problems panel with its severity and line', async () => {
    const { editor, page } = session();
    await editor.showProblems();
    const filter = page.getByPlaceholder(/^Filter \(e\.g\./).first();
    await filter.fill('SQL injection in payment listing');
    const row = editor.problemRows().filter({ hasText: 'SQL injection in payment listing' }).first();
    await row.waitFor({ timeout: 30_000 });
    const label = (await row.getAttribute('aria-label')) ?? '';
    assert.match(label, /^Error: SQL injection in payment listing at line 15 and character \d+\b/);
    assert.match(await row.innerText(), /\[Ln 15, Col \d+\]/);
    await editor.screenshot('problems-critical-finding');

    await filter.fill('Session tokens generated with Math.random');
    const medium = editor.problemRows().filter({ hasText: 'Session tokens generated with Math.random' }).first();
    await medium.waitFor({ timeout: 30_000 });
    assert.match((await medium.getAttribute('aria-label')) ?? '', /^Warning: Session tokens generated with Math\.random at line 29\b/);

    // An Info finding is in Problems too (as a hint it was not: Problems lists no hints).
    await filter.fill('Debug logging enabled in the worker');
    const info = editor.problemRows().filter({ hasText: 'Debug logging enabled in the worker' }).first();
    await info.waitFor({ timeout: 30_000 });
    assert.match((await info.getAttribute('aria-label')) ?? '', /^Info: Debug logging enabled in the worker at line 13\b/);
    await editor.screenshot('problems-info-finding');
    await filter.fill('');
  });

  it('is underlined on its line, with its code lens above it', async () => {
    const { editor } = session();
    await editor.openFile('src/routes/payments.ts');
    await editor.goToLine(15);
    await editor.waitForSquiggleOn(SQL_LINE, 'error');
    const lens = await editor.waitForCodeLensAbove(SQL_LINE, 'SQL injection in payment listing');
    assert.match(await lens.innerText(), /Critical · SQL injection in payment listing · open/);
    assert.equal(await lens.locator('.codicon-flame').count(), 1, "the critical severity's own icon in the lens");
    assert.match(await lens.innerText(), /Acknowledge/);
    await editor.screenshot('squiggle-and-code-lens');
  });

  it('shows the message when hovered', async () => {
    const { editor } = session();
    const hover = await editor.hoverOver('SELECT id, amount_cents', /query parameters are concatenated/);
    const text = await hover.innerText();
    assert.match(text, /SQL injection in payment listing/);
    assert.match(text, /Severity: Critical/);
    await editor.screenshot('hover-message');
    await editor.page.keyboard.press('Escape');
  });
});
