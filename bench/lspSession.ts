/**
 * The bench's LSP client: spawns the built server over stdio (with --expose-gc and the probe of
 * serverProbe.cjs on an IPC channel), counts what it publishes, and waits for events with a
 * timeout that fails loudly. Lean on purpose: 20,000 publishDiagnostics must cost the bench little.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import * as protocol from '../src/shared/protocol';
import { stopServer, Waiters } from '../test/lspProcess';
import { SERVER_ENV } from '../src/shared/serverProcess';
import type { ServerSettings } from '../src/shared/settings';

/** What the probe inside the server answers. */
export interface ProbeReading {
  cpu: NodeJS.CpuUsage;
  memory: NodeJS.MemoryUsage;
  /** After a GC probe: V8's spaces and, on Linux, anonymous vs file-backed resident pages. */
  detail?: Record<string, unknown>;
}

export interface SessionOptions {
  serverJs: string;
  workspaceDir: string;
  settings: Partial<ServerSettings>;
  storagePath: string;
}

export class LspSession {
  /** publishDiagnostics notifications received, and when the last one came. */
  publishes = 0;
  diagnosticsSeen = 0;
  lastPublishAt = 0;
  firstPublishAt = 0;
  readonly publishedUris = new Set<string>();
  readonly statuses: Array<{ at: number; params: protocol.StatusParams }> = [];
  readonly logs: string[] = [];
  private readonly waiters = new Waiters(
    () => this.exited,
    () => `last logs:\n${this.logs.slice(-10).join('\n')}\n${this.stderr}`,
  );
  private readonly probes = new Map<number, (r: ProbeReading) => void>();
  private nextProbe = 1;
  private exited = false;
  private stderr = '';
  /** Called on every publishDiagnostics (for the per-file latency). */
  onPublish: ((p: PublishDiagnosticsParams, at: number) => void) | undefined;

  private constructor(
    readonly connection: ProtocolConnection,
    private readonly child: ChildProcess,
  ) {}

  static async start(opts: SessionOptions): Promise<LspSession> {
    const probe = path.join(__dirname, 'serverProbe.cjs');
    // BENCH_CPU_PROF=<dir> writes a CPU profile of the server (see the README's Performance section).
    const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [];
    // The server's environment as the extension starts it (src/shared/serverProcess.ts).
    const child = spawn(process.execPath, ['--expose-gc', ...profile, '--require', probe, opts.serverJs, '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe', 'ipc'],
      env: { ...process.env, ...SERVER_ENV },
    });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const session = new LspSession(connection, child);
    session.listen();
    connection.listen();
    const folder = `file://${opts.workspaceDir}`;
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: folder,
      workspaceFolders: [{ uri: folder, name: path.basename(opts.workspaceDir) }],
      capabilities: {
        workspace: { codeLens: { refreshSupport: true }, workspaceFolders: true },
        textDocument: { publishDiagnostics: { relatedInformation: true } },
      },
      initializationOptions: { settings: opts.settings, storagePath: opts.storagePath },
    });
    await connection.sendNotification('initialized', {});
    return session;
  }

  get pid(): number {
    return this.child.pid!;
  }

  private listen(): void {
    const c = this.connection;
    c.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      const at = performance.now();
      this.publishes += 1;
      this.diagnosticsSeen += p.diagnostics.length;
      this.publishedUris.add(p.uri);
      if (this.firstPublishAt === 0) this.firstPublishAt = at;
      this.lastPublishAt = at;
      this.onPublish?.(p, at);
      this.wake();
    });
    c.onNotification(protocol.status, (params) => {
      this.statuses.push({ at: performance.now(), params });
      this.wake();
    });
    c.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
      this.wake();
    });
    c.onNotification(protocol.findingsChanged, () => undefined);
    c.onRequest('workspace/codeLens/refresh', () => null);
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-4000)));
    this.child.on('message', (msg: { probe?: boolean; id: number } & ProbeReading) => {
      if (msg?.probe) this.probes.get(msg.id)?.({ cpu: msg.cpu, memory: msg.memory, detail: msg.detail });
    });
    this.child.on('exit', () => {
      this.exited = true;
      this.wake();
    });
  }

  /** Resets the publish counters (before a step that counts re-publications). */
  resetCounts(): void {
    this.publishes = 0;
    this.diagnosticsSeen = 0;
    this.firstPublishAt = 0;
    this.lastPublishAt = 0;
    this.publishedUris.clear();
  }

  /** CPU time and memory of the server process, after a full GC when `gc`. */
  probe(gc = false): Promise<ProbeReading> {
    const id = this.nextProbe++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the server probe did not answer within 10 s')), 10_000);
      this.probes.set(id, (r) => {
        clearTimeout(timer);
        this.probes.delete(id);
        resolve(r);
      });
      this.child.send({ probe: true, id, gc });
    });
  }

  /** The server's peak resident set so far (VmHWM), in bytes; null off Linux. */
  peakRss(): number | null {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
      return m ? Number(m[1]) * 1024 : null;
    } catch {
      return null;
    }
  }

  /** Resolves with the first truthy value of `check`, re-checked on every message; rejects after `timeoutMs`. */
  waitFor<T>(what: string, check: () => T | undefined | false | null, timeoutMs: number): Promise<T> {
    return this.waiters.waitFor(what, check, timeoutMs);
  }

  syncNow(): Promise<protocol.SyncResult> {
    return this.connection.sendRequest(protocol.syncNow);
  }

  async stop(): Promise<void> {
    await stopServer(this.connection, this.child, this.exited, 5000);
  }

  private wake(): void {
    this.waiters.wake();
  }
}
