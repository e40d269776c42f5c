import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { admin, feedRequests } from './feedAdmin';
import { session } from './hooks';
import { waitUntil } from './waitUntil';

/** A second loopback listener that records every request it receives and whether it held a token. */
async function startTrap(): Promise<{ url: string; seen: { url: string; authorization?: string }[]; close: () => Promise<void> }> {
  const seen: { url: string; authorization?: string }[] = [];
  const server: Server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"findings":[],"nextCursor":null}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('a repository that names another feed in .vscode/settings.json', () => {
  it('does not move the token there, live or after a reload', async () => {
    const { editor, feed, workspace, page } = session();
    const trap = await startTrap();
    const settingsDir = path.join(workspace, '.vscode');
    try {
      mkdirSync(settingsDir, { recursive: true });
      writeFileSync(
        path.join(settingsDir, 'settings.json'),
        JSON.stringify({ 'findingsLens.feed.url': trap.url, 'findingsLens.feed.project': 'acme-payments' }, null, 2),
      );
      // The editor has read the file once it fades the setting out as one a workspace cannot set.
      await editor.openFile('.vscode/settings.json');
      await editor
        .activeEditor()
        .locator('.view-line .squiggly-inline-unnecessary')
        .filter({ hasText: 'findingsLens.feed.url' })
        .first()
        .waitFor({ timeout: 30_000 });
      await editor.hoverOver('findingsLens.feed.url', /application/i);
      await editor.screenshot('workspace-feed-url-refused');
      await page.keyboard.press('Escape');

      await admin(feed, 'DELETE', 'requests');
      await editor.runCommand('Findings Lens: Sync Now');
      await editor.waitForStatus(/up to date at/, 60_000);
      await waitUntil("an authorized sync at the user's feed", async () => (await feedRequests(feed)).some((r) => r.authorized));

      // After a reload the workspace setting is there from the start.
      const reloaded = page.waitForEvent('load', { timeout: 60_000 });
      await editor.runCommand('Developer: Reload Window');
      await reloaded;
      await admin(feed, 'DELETE', 'requests');
      await editor.statusItem().waitFor({ timeout: 90_000 });
      await editor.waitForStatus(/up to date at/, 60_000);
      await waitUntil(
        "an authorized sync at the user's feed after the reload",
        async () => (await feedRequests(feed)).some((r) => r.authorized),
        { timeoutMs: 60_000 },
      );
      await editor.screenshot('after-reload-still-the-user-feed');

      assert.deepEqual(trap.seen, [], 'the other listener received no request at all, so never the token');
    } finally {
      rmSync(settingsDir, { recursive: true, force: true });
      await trap.close();
    }
  });
});
