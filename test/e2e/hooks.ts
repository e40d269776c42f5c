/**
 * Mocha root hooks of the end-to-end suite (loaded with --require): one session for all tests,
 * signed in as Dana through the Set Feed Token command, as a user would.
 */
import type { Context } from 'mocha';
import { startSession, type E2eSession } from './session';

let current: E2eSession | undefined;
let stopSession: (() => Promise<void>) | undefined;

/** The running session; only valid inside a test. */
export function session(): E2eSession {
  if (!current) throw new Error('the end-to-end session did not start (see the "before all" hook error)');
  return current;
}

const log = (line: string) => process.stderr.write(`      [e2e] ${line}\n`);

export const mochaHooks = {
  async beforeAll(this: Context) {
    this.timeout(6 * 60_000);
    const started = Date.now();
    const { session: s, stop } = await startSession(log);
    current = s;
    stopSession = stop;
    log(`editor ready in ${Math.round((Date.now() - started) / 1000)} s`);
  },
  async afterEach(this: Context) {
    const test = this.currentTest;
    if (!current || !test || test.state !== 'failed') return;
    const safe = test
      .fullTitle()
      .replace(/[^a-z0-9]+/gi, '-')
      .slice(0, 80);
    await current.editor.screenshot(`FAILED-${safe}`).catch(() => undefined);
    log(`last code-server lines:\n${current.serverLog.slice(-30).join('\n')}`);
    log(`last lines of the extension's log:\n${current.extensionLogTail(40).join('\n')}`);
  },
  async afterAll(this: Context) {
    this.timeout(60_000);
    await stopSession?.();
  },
};
