import assert from 'node:assert/strict';
import { session } from './hooks';
import { waitUntil } from './waitUntil';

const WRITTEN = "Language client's code cache written for the next start";
const USED = 'Language client loaded with its code cache';
// AP-109 (high) flags line 20 of worker/reports.py; no other test triages it, so it is an error still.
const REPORT_LINE = "WHERE merchant_id = '{merchant_id}'";

/** Every line the windows of this session wrote to the extension's log, so far. */
const logLines = () => session().extensionLogTail(100_000);
const count = (text: string) => logLines().filter((line) => line.includes(text)).length;

describe('the language client loaded with a V8 code cache', () => {
  it('is written by a start, consumed after a reload, and the extension works from it', async () => {
    const { editor, page } = session();
    await waitUntil('a start that wrote the code cache', () => count(WRITTEN) > 0, { timeoutMs: 60_000 });
    const usedBefore = count(USED);

    const reloaded = page.waitForEvent('load', { timeout: 60_000 });
    await editor.runCommand('Developer: Reload Window');
    await reloaded;
    // VS Code's extension host answered the bundle's require('vscode') with this extension's API
    // (loadConnection checks it before the bundle runs, and logs a plain load otherwise).
    await waitUntil('the reloaded window loaded the language client with its code cache', () => count(USED) > usedBefore, {
      timeoutMs: 90_000,
    });
    await editor.waitForStatus(/up to date at/, 60_000);
    await editor.openFile('worker/reports.py');
    await editor.goToLine(20);
    await editor.waitForSquiggleOn(REPORT_LINE, 'error');
    await editor.screenshot('squiggle-after-a-start-from-the-code-cache');

    const cacheLines = logLines().filter((line) => /code cache/.test(line));
    for (const line of cacheLines) process.stderr.write(`      [e2e] ${line}\n`);
    const problems = cacheLines.filter((line) => /\[(warning|error)\]/.test(line));
    assert.deepEqual(problems, [], 'no start of this session fell back to a plain load or failed to write the cache');
  });
});
