/**
 * What the server tests' client (test/server/lspClient.ts) and the bench's (bench/lspSession.ts)
 * share about driving the language server as a child process: waiting for a condition that the
 * server's messages make true, and stopping it the LSP way.
 */
import type { ChildProcess } from 'node:child_process';
import type { ProtocolConnection } from 'vscode-languageserver-protocol/node';

/** Conditions waited for, re-checked on each `wake()` (every message from the server, and its exit). */
export class Waiters {
  private readonly pending = new Set<() => void>();

  /**
   * @param exited whether the server process is gone (a wait then fails at once)
   * @param detail what to add to a failure: the server's last status, logs, stderr
   */
  constructor(
    private readonly exited: () => boolean,
    private readonly detail: () => string,
  ) {}

  wake(): void {
    for (const waiter of [...this.pending]) waiter();
  }

  /** Resolves with the first truthy value of `check`; fails loudly if `check` throws, the server exits, or after `timeoutMs`. */
  waitFor<T>(what: string, check: () => T | undefined | false | null, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const attempt = () => {
        let value: T | undefined | false | null;
        try {
          value = check();
        } catch (e) {
          finish();
          reject(e);
          return;
        }
        if (value) {
          finish();
          resolve(value);
        } else if (this.exited()) {
          finish();
          reject(new Error(`the server exited while waiting for ${what}\n${this.detail()}`));
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${this.detail()}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.pending.delete(attempt);
      };
      this.pending.add(attempt);
      attempt();
    });
  }
}

/** Sends shutdown and exit, then waits for the process to end (killing it after `killAfterMs`). */
export async function stopServer(
  connection: ProtocolConnection,
  child: ChildProcess,
  alreadyExited: boolean,
  killAfterMs: number,
): Promise<void> {
  if (alreadyExited) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await Promise.race([connection.sendRequest('shutdown'), exited]);
    await connection.sendNotification('exit');
  } catch {
    // the connection may already be gone
  }
  const timer = setTimeout(() => child.kill(), killAfterMs);
  await exited;
  clearTimeout(timer);
  connection.dispose();
}
