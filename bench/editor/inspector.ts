/**
 * The V8 inspector of a running Node process (the extension host, the language server), opened the
 * way `kill -USR1` opens it: no `--inspect` on its command line, so the language client still
 * starts the server in its `run` mode (with `--inspect` in the extension host's argv it picks the
 * `debug` options, `--nolazy --inspect=6009`). code-server runs with NODE_OPTIONS=--inspect-port=0,
 * so each process opened this way listens on a port of its own, found in /proc.
 *
 * Needs a global WebSocket: Node 20 has it behind --experimental-websocket (package.json's script).
 */
import { catchesSignal, listeningPorts } from './procfs';

const SIGUSR1 = 10;

export class Inspector {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  private constructor(private readonly socket: WebSocket) {
    socket.addEventListener('message', (event) => this.receive(String(event.data)));
    socket.addEventListener('close', () => {
      for (const waiter of this.pending.values()) waiter.reject(new Error('the inspector connection closed'));
      this.pending.clear();
    });
  }

  /** Opens the inspector of `pid` (SIGUSR1 once Node handles it) and connects to it. */
  static async open(pid: number, timeoutMs = 10_000): Promise<Inspector> {
    const deadline = Date.now() + timeoutMs;
    await until(() => catchesSignal(pid, SIGUSR1), deadline, `process ${pid} to handle SIGUSR1`);
    process.kill(pid, 'SIGUSR1');
    const port = await until(() => listeningPorts(pid)[0], deadline, `the inspector of process ${pid} to listen`);
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{ webSocketDebuggerUrl: string }>;
    const url = targets[0]?.webSocketDebuggerUrl;
    if (!url) throw new Error(`the inspector of process ${pid} lists no target`);
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener('open', () => resolve(), { once: true });
      socket.addEventListener('error', () => reject(new Error(`could not connect to ${url}`)), { once: true });
    });
    return new Inspector(socket);
  }

  /** One Chrome DevTools Protocol call. */
  send<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Evaluates `expression` in the process; returns its value (JSON-able). */
  async evaluate<T>(expression: string): Promise<T> {
    const answer = await this.send<{
      result: { value: T };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    }>('Runtime.evaluate', {
      expression,
      returnByValue: true,
    });
    // `text` alone is often just "Uncaught": the exception's description says what was thrown.
    const details = answer.exceptionDetails;
    if (details) throw new Error(`evaluating in the inspected process failed: ${details.exception?.description ?? details.text}`);
    return answer.result.value;
  }

  close(): void {
    this.socket.close();
  }

  private receive(text: string): void {
    const message = JSON.parse(text) as { id?: number; result?: unknown; error?: { message: string } };
    if (message.id === undefined) return;
    const waiter = this.pending.get(message.id);
    if (!waiter) return;
    this.pending.delete(message.id);
    if (message.error) waiter.reject(new Error(message.error.message));
    else waiter.resolve(message.result);
  }
}

/** Polls `probe` every 5 ms until it gives a value; fails with what was awaited at the deadline. */
async function until<T>(probe: () => T | undefined | false, deadline: number, what: string): Promise<T> {
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5)); // the polling interval, not a wait for an outcome
  }
}
