/**
 * The floor next to each per-file figure: the same answer's bytes sent back through the same
 * transport (stdio, vscode-languageserver-protocol's reader and writer, the answer parsed) by a
 * process that does nothing else (transportFloor.cjs). Our latency over this floor is what the
 * server itself adds; the floor is what any server would pay to send that answer.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

export class TransportFloor {
  private onPublish: ((p: PublishDiagnosticsParams) => void) | undefined;

  private constructor(
    private readonly connection: ProtocolConnection,
    private readonly child: ChildProcess,
  ) {
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => this.onPublish?.(p));
  }

  static start(): TransportFloor {
    const child = spawn(process.execPath, [path.join(__dirname, 'transportFloor.cjs')], { stdio: ['pipe', 'pipe', 'inherit'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    connection.listen();
    return new TransportFloor(connection, child);
  }

  /** Hands the echo the answers (by index) and the diagnostics notifications (by index) it will send back. */
  async hold(answers: readonly unknown[], publishes: readonly PublishDiagnosticsParams[] = []): Promise<void> {
    await this.connection.sendRequest('floor/hold', { answers, publishes });
  }

  /** The `i`-th held answer, round trip. */
  answer(i: number): Promise<unknown> {
    return this.connection.sendRequest('floor/answer', { i });
  }

  /** Asks for the `i`-th held publishDiagnostics; resolves when it has arrived and been parsed. */
  publish(i: number): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the transport floor did not publish within 10 s')), 10_000);
      this.onPublish = (p) => {
        clearTimeout(timer);
        this.onPublish = undefined;
        resolve(p);
      };
      void this.connection.sendNotification('floor/publish', { i });
    });
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    await this.connection.sendNotification('exit');
    const timer = setTimeout(() => this.child.kill(), 5000);
    await exited;
    clearTimeout(timer);
    this.connection.dispose();
  }
}
