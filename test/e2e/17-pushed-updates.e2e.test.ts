/**
 * Issue 13's criterion in the real editor: a decision made in one window shows in the lead's
 * Review tab in another window within 2 s, with no polling. Two code-server instances, each a real
 * editor window with its own extension host and language server: the suite's window as Dana (the
 * developer) and a second one, opened here, as Lee (the lead) with the shortest poll interval (10 s)
 * so that any poll would show in the feed's request log.
 */
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { openStream, type TestStream } from '../unit/feed/eventStream';
import { acknowledgeFormAtCursor, Editor, pickWillFix, triagePanel } from './editor';
import { feedRequests, requestAs, type FeedRequest } from './feedAdmin';
import { session } from './hooks';
import { CHROMIUM, CHROMIUM_ARGS, DEMO_PROJECT, editorSettings, OUTPUT_DIR, PROJECT_ROOT } from './session';
import { waitUntil } from './waitUntil';

// AP-103 (high) flags line 13 of src/routes/receipts.ts; no test before this one decides it.
const TRAVERSAL = 'Path traversal in receipt download';
const EVENTS_PATH = `/v1/projects/${DEMO_PROJECT}/events`;
const FINDINGS_PATH = `/v1/projects/${DEMO_PROJECT}/findings`;

interface CodeServerModule {
  codeServerEntry(): string;
  startCodeServer(options: Record<string, unknown>): Promise<{ folderUrl: string; stop(): Promise<void> }>;
}
const importEsm = new Function('specifier', 'return import(specifier)') as <T>(specifier: string) => Promise<T>;

describe('pushed updates between two windows', () => {
  const cleanups: (() => Promise<unknown> | void)[] = [];
  after(async function () {
    this.timeout(60_000);
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
  });

  it("a decision made in Dana's window shows in Lee's Review tab within 2 s, and Lee's window never polls", async function () {
    this.timeout(6 * 60_000);
    const { editor, page, feed, scratch } = session();

    // Lee's window: a second code-server (its own profile and workspace copy; the extension is
    // already installed in the session's extensions folder), in its own browser.
    const codeServer = await importEsm<CodeServerModule>(path.join(PROJECT_ROOT, 'scripts', 'code-server.mjs'));
    const leadWorkspace = path.join(scratch, 'workspace-lead');
    cpSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'demo-workspace'), leadWorkspace, { recursive: true });
    const leadServer = await codeServer.startCodeServer({
      entry: codeServer.codeServerEntry(),
      workspace: leadWorkspace,
      userDataDir: path.join(scratch, 'user-data-lead'),
      extensionsDir: path.join(scratch, 'extensions'),
      userSettings: { ...editorSettings(feed.url), 'findingsLens.feed.pollInterval': 10 },
    });
    cleanups.push(() => leadServer.stop());
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    cleanups.push(() => browser.close());
    const leadPage = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    const lead = new Editor(leadPage, OUTPUT_DIR);
    await lead.open(leadServer.folderUrl);

    // This window becomes Dana's (the lead's tests left Lee's token here).
    const seen = (await feedRequests(feed)).length;
    await editor.runCommand('Findings Lens: Set Feed Token');
    await editor.answerInput(feed.tokens.dana!, { password: true });

    await lead.runCommand('Findings Lens: Set Feed Token');
    await lead.answerInput(feed.tokens.lee!, { password: true });
    await requestAs(feed, 'lee');
    await lead.waitForStatus(/up to date at/, 60_000);
    // The lead's stream is open, and the sync after it (what changed before it opened) is done.
    await waitUntil("the lead's event stream and its first sync", async () => {
      const log = (await feedRequests(feed)).slice(seen);
      const opened = log.findIndex((r) => r.user === 'lee' && r.path === EVENTS_PATH && r.status === null);
      return opened >= 0 && log.slice(opened).some((r) => r.user === 'lee' && r.path === FINDINGS_PATH && r.status === 200);
    });
    await lead.runCommand('Findings Lens: Open Triage Panel');
    const leadPanel = triagePanel(leadPage);
    const reviewTab = leadPanel.locator('vscode-tab-header.review-tab-header');
    await reviewTab.waitFor({ timeout: 60_000 });
    await reviewTab.click();
    // The list has come (empty or not): "N of M decisions, …".
    await leadPanel.getByText(/\d+ of \d+ decisions/).waitFor({ timeout: 30_000 });
    const comment = `Pushed to the lead ${Date.now()}`;
    const row = leadPanel.locator('li.review-row', { hasText: comment });
    await lead.screenshot('lead-window-review-tab-before');

    // From here on, every request Lee's window makes is counted, and the feed's announcements are
    // heard by a stream of the test's own (with Dana's token, so that Lee's requests are the
    // window's alone): its decision event marks when the feed stored the decision.
    const windowStart = (await feedRequests(feed)).length;
    const windowStartedAt = Date.now();
    const observer: TestStream = await openStream(feed.url, feed.tokens.dana!, DEMO_PROJECT);
    cleanups.push(() => observer.close());
    await observer.next('ready');
    const announced = observer.next('decision', 3 * 60_000).then((event) => ({ event, at: Date.now() }));

    // Dana acknowledges AP-103 at the cursor, in her window.
    await editor.waitForStatus(/up to date at/, 60_000);
    await requestAs(feed, 'dana');
    await editor.openFile('src/routes/receipts.ts');
    await editor.goToLine(13);
    const form = await acknowledgeFormAtCursor(page, TRAVERSAL);
    await pickWillFix(page);
    await triagePanel(page).locator('#form-comment').click();
    await page.keyboard.type(comment);
    await form.locator('vscode-button').filter({ hasText: 'Acknowledge' }).first().click();

    // The feed stores it; Lee's Review tab shows it, with nobody touching Lee's window.
    const { event, at: storedAt } = await announced;
    assert.equal(event.json.findingId, 'AP-103');
    await row.waitFor({ timeout: 30_000 });
    const shownAt = Date.now();
    const latencyMs = shownAt - storedAt;
    process.stderr.write(`      [e2e] decision stored by the feed → shown in the lead's Review tab: ${latencyMs} ms\n`);
    assert.match(await row.innerText(), /Dana Developer acknowledged \(Will fix\)/);
    await lead.screenshot('lead-window-review-tab-pushed');
    assert.ok(latencyMs < 2_000, `the decision took ${latencyMs} ms to reach the lead's Review tab`);

    // No poll: the window spans at least one heartbeat of the feed (15 s), longer than the lead's
    // poll interval (10 s); Lee's window asked for findings once, for the decision, incrementally.
    await observer.comment(1, 60_000);
    const windowMs = Date.now() - windowStartedAt;
    const leads: FeedRequest[] = (await feedRequests(feed)).slice(windowStart).filter((r) => r.user === 'lee');
    const syncs = leads.filter((r) => r.method === 'GET' && r.path === FINDINGS_PATH);
    process.stderr.write(
      `      [e2e] the lead's requests in ${Math.round(windowMs / 1000)} s: ${leads.map((r) => `${r.method} ${r.path}`).join(', ')}\n`,
    );
    assert.ok(windowMs > 10_000, `the window (${windowMs} ms) is shorter than the poll interval`);
    assert.equal(syncs.length, 1, `one pushed sync and no poll: ${JSON.stringify(leads)}`);
    assert.ok(syncs[0]!.query?.since, 'the pushed sync was not incremental');
    assert.equal(leads.filter((r) => r.path === EVENTS_PATH).length, 0, 'the stream was opened again');
  });
});
