/**
 * A warm start: the open file's squiggles as they were at the last start are shown at activation,
 * before the language server has shown anything (src/client/lastShown.ts), on the same lines, and
 * the server's own take their place.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { session } from './hooks';
import { channelLogs } from './session';
import { waitUntil } from './waitUntil';

const FILE = 'src/routes/payments.ts';

describe('a reload with a file open', () => {
  it("shows the file's squiggles kept from the last start before the server shows any, on the same lines", async () => {
    const { editor, page, scratch } = session();
    await editor.openFile(FILE);
    const before = await waitUntil('squiggles in the open file', async () => {
      const lines = await squiggleTops();
      return lines.length > 0 ? lines : undefined;
    });

    // The server keeps what the open files show once they rest for a second.
    const storage = path.join(scratch, 'user-data', 'User', 'globalStorage', 'findings-lens.findings-lens');
    await waitUntil('the open file kept for the next start', () => {
      if (!existsSync(storage)) return false;
      const kept = readdirSync(storage).filter((f) => /^shown-[0-9a-f]{16}\.json$/.test(f));
      return kept.some((f) => readFileSync(path.join(storage, f), 'utf8').includes(FILE));
    });

    const logsBefore = channelLogs(path.join(scratch, 'user-data', 'logs')).length;
    const reloaded = page.waitForEvent('load', { timeout: 60_000 });
    await editor.runCommand('Developer: Reload Window');
    await reloaded;
    await editor.activeEditor().locator('.view-lines').waitFor({ timeout: 60_000 });
    await waitUntil(
      'the squiggles on the lines they were on',
      async () => JSON.stringify(await squiggleTops()) === JSON.stringify(before) || undefined,
      { timeoutMs: 60_000 },
    );

    const log = await waitUntil('the new window’s log, with the server’s first findings', () => {
      const files = channelLogs(path.join(scratch, 'user-data', 'logs'));
      if (files.length <= logsBefore) return undefined;
      const lines = readFileSync(files.at(-1)!, 'utf8').split('\n');
      return lines.some(fromServer) ? lines : undefined;
    });
    const kept = log.findIndex((line) => /showing \d+ diagnostic\(s\) kept from the last start/.test(line));
    assert.ok(kept >= 0, `the kept diagnostics were shown:\n${log.join('\n')}`);
    assert.ok(kept < log.findIndex(fromServer), `before the server showed any:\n${log.join('\n')}`);
    await editor.screenshot('warm-start-kept-squiggles');

    /** The tops of the active editor's squiggles, each line once, in order. */
    async function squiggleTops(): Promise<number[]> {
      const tops = await editor
        .activeEditor()
        .locator('.view-overlays [class*="squiggly-"]')
        .evaluateAll((nodes) => nodes.map((n) => Math.round(n.getBoundingClientRect().top)));
      return [...new Set(tops)].sort((a, b) => a - b);
    }
  });
});

/** A line of the server saying it shows findings: from its cache or from the feed. */
function fromServer(line: string): boolean {
  return /cache first look|cached finding\(s\)|GET \/v1\/projects\/[^ ]+\/findings/.test(line);
}
