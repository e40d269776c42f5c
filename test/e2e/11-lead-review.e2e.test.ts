import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assertValid, openVexSchema } from '../unit/client/panel/schemas';
import type { RunningFeed } from '../../src/feed/server';
import type { TriageDecision } from '../../src/shared/feed';
import { triagePanel } from './editor';
import { feedDecisions, feedRequests, feedReviews, requestAs } from './feedAdmin';
import { session } from './hooks';
import { DEMO_PROJECT } from './session';
import { waitUntil } from './waitUntil';

const REVIEW_COMMENT = 'Agreed: PAY-42 is scheduled for this sprint.';
const REJECT_COMMENT = 'The token also signs the session: it must come from crypto.randomBytes.';
// AP-111 (medium) flags line 29 of src/auth/session.ts; Dana disputed it in the dispute test.
const TOKEN_TITLE = 'Session tokens generated with Math.random';
const TOKEN_LINE = 'token += Math.floor(Math.random';
// AP-113 (low) in scripts/backup.sh: decided by no other test.
const ELSEWHERE_ID = 'AP-113';
const ELSEWHERE_PATH = 'scripts/backup.sh';
const ELSEWHERE_TITLE = 'eval of an environment-provided hook';

/** The feed's decision on a finding, once it has been reviewed. */
function reviewedInFeed(feed: RunningFeed, findingId: string): Promise<TriageDecision> {
  return waitUntil(`the review of the ${findingId} decision in the feed`, async () => {
    const d = (await feedDecisions(feed, DEMO_PROJECT)).find((x) => x.findingId === findingId);
    return d?.review ? d : undefined;
  });
}

describe("the lead's Review tab", () => {
  it('lists the pending decision with who, when, reason and comment, and approves it in the feed', async () => {
    const { editor, page, feed } = session();
    // The lead signs in in a fresh window state: with the panel left open from the developer's
    // tests, the whole suite sometimes showed it without the Review tab after the token changed
    // (never when run with fewer tests before it; a known bug noted on the triage issue).
    await editor.runCommand('View: Close All Editors');
    await editor.runCommand('Findings Lens: Set Feed Token');
    await editor.answerInput(feed.tokens.lee!, { password: true });
    await requestAs(feed, 'lee');
    await editor.waitForStatus(/up to date at/, 60_000);
    await editor.runCommand('Findings Lens: Open Triage Panel');
    const panel = triagePanel(page);
    const reviewTab = panel.locator('vscode-tab-header.review-tab-header');
    await waitUntil('the Review tab shown to the lead', () => reviewTab.isVisible()).catch(async (error: Error) => {
      const me = (await feedRequests(feed)).filter((r) => r.path.endsWith('/me'));
      throw new Error(`${error.message}; the feed's /v1/me requests: ${JSON.stringify(me.slice(-5))}`);
    });
    await reviewTab.click();
    const row = panel.locator('li.review-row', { hasText: 'SQL injection in payment listing' });
    await row.waitFor({ timeout: 30_000 });
    const text = await row.innerText();
    assert.match(text, /Dana Developer acknowledged \(Will fix\) on \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    assert.match(text, /Fixing in PAY-42 this sprint\./);
    assert.match(text, /Review: pending/);
    // Nothing said to the developer (her queued decisions) is carried over to the lead.
    assert.doesNotMatch(await panel.locator('.status').innerText(), /queued|stored/);
    await editor.clearNotifications();
    await editor.screenshot('review-tab');

    await row.locator('vscode-checkbox').click();
    await panel.locator('#review-comment').click();
    await page.keyboard.type(REVIEW_COMMENT);
    await panel.locator('vscode-button', { hasText: 'Approve selected' }).click();
    const decision = await reviewedInFeed(feed, 'AP-101');
    assert.equal(decision.review!.decision, 'approve');
    assert.equal(decision.review!.actor.id, 'lee');
    assert.equal(decision.review!.comment, REVIEW_COMMENT);
    // Once the feed has it, the pending list follows at once, on the same tab (it said "Review:
    // pending" until another tab was chosen), and the panel says the feed stored it.
    await row.waitFor({ state: 'detached', timeout: 30_000 });
    await panel.locator('.status').getByText('The feed stored the review.').waitFor({ timeout: 30_000 });
    await editor.screenshot('review-approved');
  });

  it('rejects a dispute with a comment: stored once in the feed, the finding shown open again', async () => {
    const { editor, page, feed } = session();
    const panel = triagePanel(page);
    const row = panel.locator('li.review-row', { hasText: TOKEN_TITLE });
    await row.waitFor({ timeout: 30_000 });
    assert.match(await row.innerText(), /Dana Developer disputed/);
    assert.match(await row.innerText(), /Review: pending/);

    // Reject refuses to go without a comment (the developer is told why); then goes with one.
    await row.locator('vscode-checkbox').click();
    const reject = panel.locator('vscode-button', { hasText: 'Reject selected' });
    await reject.click();
    // Said next to the button that caused it, and read out (it was at the top, scrolled out of view).
    const problem = panel.locator('#review-problem');
    await problem.getByText(/Say why you reject/).waitFor({ timeout: 30_000 });
    assert.equal(await problem.getAttribute('aria-live'), 'assertive');
    const [problemBox, buttonBox] = await Promise.all([problem.boundingBox(), reject.boundingBox()]);
    assert.ok(
      problemBox && buttonBox && Math.abs(problemBox.y - (buttonBox.y + buttonBox.height)) < 60,
      `the problem right under the button: ${JSON.stringify({ problemBox, buttonBox })}`,
    );
    assert.equal(await panel.locator('.status .error').count(), 0, 'not at the top');
    await editor.screenshot('review-reject-needs-a-comment');
    await panel.locator('#review-comment').click();
    await page.keyboard.type(REJECT_COMMENT);
    await panel.locator('vscode-button', { hasText: 'Reject selected' }).click();
    const decision = await reviewedInFeed(feed, 'AP-111');
    assert.equal(decision.action, 'dispute');
    assert.equal(decision.review!.decision, 'reject');
    assert.equal(decision.review!.actor.id, 'lee');
    assert.equal(decision.review!.comment, REJECT_COMMENT);
    const reviews = (await feedReviews(feed, DEMO_PROJECT)).filter((r) => r.decisionId === decision.id);
    assert.equal(reviews.length, 1, JSON.stringify(reviews));
    await row.waitFor({ state: 'detached', timeout: 30_000 });
    await editor.screenshot('review-rejected');

    // Re-opened where the user sees it: the code lens offers the decision again, the panel says open.
    await editor.openFile('src/auth/session.ts');
    await editor.goToLine(29);
    const lens = await editor.waitForCodeLensAbove(TOKEN_LINE, `${TOKEN_TITLE} · open`);
    assert.match(await lens.innerText(), /Acknowledge.*Dispute/s);
    const title = panel.locator('#details-title').getByText(TOKEN_TITLE);
    await editor.clickCodeLens(lens.getByText(TOKEN_TITLE), 'the panel on the Math.random finding', () => title.isVisible());
    const status = panel.locator('dl.facts dt:text-is("Status") + dd');
    await waitUntil('the finding shown open in the panel', async () => ((await status.innerText()) === 'open' ? true : undefined));
    await panel
      .locator('section.details')
      .getByText(/Review: Lee .*rejected/)
      .first()
      .waitFor({ timeout: 30_000 });
    await editor.screenshot('review-rejected-reopened');
    assert.equal((await feedReviews(feed, DEMO_PROJECT)).filter((r) => r.decisionId === decision.id).length, 1);
  });

  it('exports OpenVEX by what was decided, outside the workspace by default, and opens it', async () => {
    const { editor, page, workspace, scratch } = session();
    // From a window at rest: with the panel left in front by the test before (still taking the
    // sync that followed the review), the export's quick pick closed before its row was clicked in
    // two runs out of four; the cause is not known yet.
    await editor.runCommand('View: Close All Editors');
    await editor.runCommand('Findings Lens: Export Decisions…');
    await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'OpenVEX' }).first().click();
    // code-server's save dialog is a path in the quick input: it starts in the home folder.
    const input = page.locator('.quick-input-widget input');
    await waitUntil('the save dialog', async () => /findings-decisions\.openvex\.json$/.test(await input.inputValue().catch(() => '')));
    const proposed = await input.inputValue();
    assert.ok(proposed.startsWith(os.homedir()) && !proposed.startsWith(workspace), `proposed outside the workspace: ${proposed}`);
    await editor.screenshot('export-save-dialog');
    const target = path.join(scratch, 'decisions.openvex.json');
    await input.fill(target);
    await page.locator('.quick-input-widget').getByRole('button', { name: 'OK' }).click();
    const done = await editor.notification(/decisions? exported to/);
    assert.ok((await done.innerText()).includes(target), await done.innerText());
    await done.getByRole('button', { name: 'Open' }).click();
    await page.locator('.tabs-container .tab.active[aria-label*="decisions.openvex.json"]').waitFor({ timeout: 30_000 });
    await editor.screenshot('export-opened');

    const doc = JSON.parse(readFileSync(target, 'utf8')) as {
      statements: {
        vulnerability: { name: string; aliases?: string[] };
        status: string;
        action_statement?: string;
        products: { '@id': string }[];
      }[];
    };
    assertValid(openVexSchema(), doc);
    const about = (id: string) => doc.statements.find((st) => st.vulnerability.name === id)!;
    assert.equal(about('AP-101').status, 'affected', 'acknowledged (will fix), approved');
    assert.match(about('AP-101').action_statement ?? '', /^Will fix/);
    assert.deepEqual(about('AP-101').vulnerability.aliases, ['CWE-89']);
    assert.equal(about('AP-111').status, 'affected', 'a rejected dispute');
    assert.equal(about('AP-101').products[0]!['@id'], 'pkg:generic/acme-payments');
    assert.ok(
      doc.statements.every((st) => st.status !== 'not_affected'),
      'no lead approved a dispute: nothing is not_affected',
    );
    await editor.runCommand('View: Close All Editors');
  });

  it("shows a developer's decision that a poll brought in the Review tab already open, without switching tabs", async () => {
    const { editor, page, feed, extensionLogTail } = session();
    await editor.setUserCheckbox('findingsLens.feed.pushUpdates', false);
    await waitUntil('updates polled', () => extensionLogTail(30).some((l) => l.includes('findingsLens.feed.pushUpdates is off')));
    await editor.runCommand('View: Close All Editors');
    await editor.runCommand('Findings Lens: Open Triage Panel');
    const panel = triagePanel(page);
    await panel.locator('vscode-tab-header.review-tab-header').click();
    await panel.getByText(/^\d+ of \d+ decisions, \d+ selected$/).waitFor({ timeout: 30_000 });
    const row = panel.locator('li.review-row', { hasText: ELSEWHERE_TITLE });
    assert.equal(await row.count(), 0, 'not decided yet');

    // Dana decides elsewhere (another window, the feed's API); the lead's editor learns it by polling.
    await decideAs(feed, feed.tokens.dana!, ELSEWHERE_ID, ELSEWHERE_PATH);
    await editor.runCommand('Findings Lens: Sync Now');
    await row.waitFor({ timeout: 30_000 });
    assert.match(await row.innerText(), /Dana Developer acknowledged/);
    await editor.screenshot('review-polled-decision');
    await editor.setUserCheckbox('findingsLens.feed.pushUpdates', true, { isDefault: true });
    await editor.runCommand('View: Close All Editors');
  });
});

/** A decision made through the feed's API with `token`, as another editor would send it. */
async function decideAs(feed: RunningFeed, token: string, findingId: string, findingPath: string): Promise<void> {
  const auth = { authorization: `Bearer ${token}` };
  const listed = await fetch(`${feed.url}/v1/projects/${DEMO_PROJECT}/findings?path=${encodeURIComponent(findingPath)}`, { headers: auth });
  const { findings } = (await listed.json()) as { findings: { id: string; revision: string }[] };
  const finding = findings.find((f) => f.id === findingId);
  assert.ok(finding, `${findingId} listed for ${findingPath}`);
  const sent = await fetch(`${feed.url}/v1/findings/${findingId}/triage`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': randomUUID(), 'if-match': finding.revision },
    body: JSON.stringify({ action: 'acknowledge', reason: 'will_fix', comment: 'Replacing the hook with a fixed script.' }),
  });
  assert.equal(sent.status, 201, await sent.text());
}
