/**
 * Mocha root hook (loaded with --require by the unit and server suites): once every test has run,
 * the process must end by itself. Something a test left open (a socket, a child process, a timer)
 * would otherwise keep it alive without a word until CI's own limit. After a grace period this
 * names what is still open and ends the run as failed. Its timer is unref'd: it never holds the
 * process itself.
 */
const GRACE_MS = 30_000;

export const mochaHooks = {
  afterAll(): void {
    const timer = setTimeout(() => {
      const open = process.getActiveResourcesInfo().filter((r) => r !== 'Timeout');
      process.stderr.write(
        `\nThe tests ended ${GRACE_MS / 1000} s ago but the process is still held open by: ${open.join(', ') || 'timers'}.\n` +
          'A test left something open (a connection, a server, a child process): close it in its after hook.\n',
      );
      process.exit(1);
    }, GRACE_MS);
    timer.unref();
  },
};
