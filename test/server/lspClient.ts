/**
 * A tiny LSP client for the server tests: spawns `node dist/server.js --stdio`, speaks LSP over its
 * pipes, and records what the server says so that tests can wait for it (never sleep).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import type { CodeLens, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import * as protocol from '../../src/shared/protocol';
import { stopServer, Waiters } from '../lspProcess';
import type { ServerSettings } from '../../src/shared/settings';

export const ROOT = path.resolve(__dirname, '../..');
export const SERVER_BUNDLE = path.join(ROOT, 'dist/server.js');

export interface StartOptions {
  workspaceUri: string;
  settings: Partial<ServerSettings>;
  storagePath?: string;
  /** Sent with setToken right after `initialized`; omit to send none. */
  token?: string;
  /** Say that the client takes file watchers the server registers (`workspace/didChangeWatchedFiles`), as VS Code does. */
  watchFiles?: boolean;
  /** The editor's capabilities; VS Code's (those the server reads) when omitted. */
  capabilities?: Record<string, unknown>;
}

/** What VS Code says it can do, of what the server reads. */
export const VSCODE_CAPABILITIES = {
  workspace: {
    codeLens: { refreshSupport: true },
    workspaceFolders: true,
    workspaceEdit: { documentChanges: true, changeAnnotationSupport: { groupsOnLabel: true } },
  },
  textDocument: { publishDiagnostics: { relatedInformation: true }, codeAction: { disabledSupport: true } },
  experimental: { findingsLens: { diagnosticBatches: true } } satisfies protocol.ExperimentalCapabilities,
};

/** The capabilities, saying also that the editor takes file watchers the server registers when `watch` is set. */
function withWatchers(capabilities: Record<string, unknown>, watch: boolean): Record<string, unknown> {
  if (!watch) return capabilities;
  const workspace = (capabilities.workspace ?? {}) as Record<string, unknown>;
  return { ...capabilities, workspace: { ...workspace, didChangeWatchedFiles: { dynamicRegistration: true } } };
}

export class ServerUnderTest {
  /** The latest diagnostics per file URI. */
  readonly diagnostics = new Map<string, Diagnostic[]>();
  /** Every file's diagnostics as they came (publishDiagnostics, or one file of a `findingsLens/diagnostics` batch), in order. */
  readonly publishes: PublishDiagnosticsParams[] = [];
  /** How each file's diagnostics came, in order: a batch (its number of files), or a publishDiagnostics (0). */
  readonly deliveries: number[] = [];
  /** While set, `findingsLens/diagnostics` is answered only once it resolves (the editor is busy). */
  holdBatches: Promise<void> | undefined;
  /** `findingsLens/diagnostics` requests received and not answered yet. */
  heldBatches = 0;
  readonly statuses: protocol.StatusParams[] = [];
  readonly problems: protocol.SettingsProblemParams[] = [];
  /** Every outboxChanged, in order. */
  readonly outboxes: protocol.OutboxChangedParams[] = [];
  readonly syncsEnded: protocol.SyncEndedParams[] = [];
  /** How many findingsChanged arrived. */
  findingsChanges = 0;
  /** How many decisionsChanged arrived. */
  decisionsChanges = 0;
  /** How many workspace/codeLens/refresh requests arrived. */
  lensRefreshes = 0;
  /** The methods the server registered (client/registerCapability), in order. */
  readonly registrations: Array<{ method: string; registerOptions?: unknown }> = [];
  readonly logs: string[] = [];
  stderr = '';
  private exited = false;
  private readonly waiters = new Waiters(
    () => this.exited,
    () => `last status: ${JSON.stringify(this.lastStatus)}\nlast logs:\n${this.logs.slice(-15).join('\n')}\n${this.stderr}`,
  );

  private constructor(
    readonly connection: ProtocolConnection,
    private readonly child: ChildProcess,
  ) {}

  static async start(opts: StartOptions): Promise<ServerUnderTest> {
    const child = spawn(process.execPath, [SERVER_BUNDLE, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const server = new ServerUnderTest(connection, child);
    server.listen();
    connection.listen();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: opts.workspaceUri,
      workspaceFolders: [{ uri: opts.workspaceUri, name: path.basename(opts.workspaceUri) }],
      capabilities: withWatchers(opts.capabilities ?? VSCODE_CAPABILITIES, opts.watchFiles === true),
      initializationOptions: { settings: opts.settings, storagePath: opts.storagePath },
    });
    await connection.sendNotification('initialized', {});
    if (opts.token !== undefined) await connection.sendNotification(protocol.setToken, { token: opts.token });
    return server;
  }

  private listen(): void {
    const c = this.connection;
    c.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.deliveries.push(0);
      this.publishes.push(p);
      this.diagnostics.set(p.uri, p.diagnostics);
      this.wake();
    });
    c.onRequest(protocol.diagnosticsBatch, async (p) => {
      this.heldBatches += 1;
      this.wake();
      await this.holdBatches;
      this.heldBatches -= 1;
      this.deliveries.push(p.files.length);
      for (const file of p.files) {
        this.publishes.push(file);
        this.diagnostics.set(file.uri, file.diagnostics);
      }
      this.wake();
      return null;
    });
    c.onNotification(protocol.status, (p) => {
      this.statuses.push(p);
      this.wake();
    });
    c.onNotification(protocol.settingsProblem, (p) => {
      this.problems.push(p);
      this.wake();
    });
    c.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
      this.wake();
    });
    c.onNotification(protocol.findingsChanged, () => {
      this.findingsChanges += 1;
      this.wake();
    });
    c.onNotification(protocol.decisionsChanged, () => {
      this.decisionsChanges += 1;
      this.wake();
    });
    c.onNotification(protocol.syncEnded, (p) => {
      this.syncsEnded.push(p);
      this.wake();
    });
    c.onNotification(protocol.outboxChanged, (p) => {
      this.outboxes.push(p);
      this.wake();
    });
    c.onRequest('client/registerCapability', (p: { registrations: Array<{ method: string; registerOptions?: unknown }> }) => {
      this.registrations.push(...p.registrations);
      this.wake();
      return null;
    });
    c.onRequest('workspace/codeLens/refresh', () => {
      this.lensRefreshes += 1;
      this.wake();
      return null;
    });
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.child.on('exit', () => {
      this.exited = true;
      this.wake();
    });
  }

  /** The code lenses of `uri`. Asserts each comes with its command (the server offers no codeLens/resolve). */
  async codeLenses(uri: string): Promise<CodeLens[]> {
    const lenses = ((await this.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as CodeLens[] | null) ?? [];
    for (const lens of lenses)
      if (lens.command === undefined) throw new Error(`textDocument/codeLens answered a lens without its command: ${JSON.stringify(lens)}`);
    return lenses;
  }

  get lastStatus(): protocol.StatusParams | undefined {
    return this.statuses[this.statuses.length - 1];
  }

  /** Resolves with the first truthy value of `check`, re-checked on every message; fails loudly after `timeoutMs`. */
  waitFor<T>(what: string, check: () => T | undefined | false | null, timeoutMs = 10_000): Promise<T> {
    return this.waiters.waitFor(what, check, timeoutMs);
  }

  /** Waits for a status whose state kind is `kind`, arriving after the `after`-th status. */
  waitForState(kind: protocol.SyncState['kind'], after = 0, timeoutMs?: number): Promise<protocol.StatusParams> {
    return this.waitFor(`status ${kind}`, () => this.statuses.slice(after).find((s) => s.state.kind === kind), timeoutMs);
  }

  /** Every state outbox entry `id` was reported in, in order, repeats removed. */
  outboxStates(id: string): protocol.OutboxState[] {
    const states: protocol.OutboxState[] = [];
    for (const p of this.outboxes) {
      const state = p.entries.find((e) => e.id === id)?.state;
      if (state && states[states.length - 1] !== state) states.push(state);
    }
    return states;
  }

  /** The latest view of outbox entry `id`. */
  outboxEntry(id: string): protocol.OutboxEntryView | undefined {
    for (let i = this.outboxes.length - 1; i >= 0; i--) {
      const entry = this.outboxes[i]!.entries.find((e) => e.id === id);
      if (entry) return entry;
    }
    return undefined;
  }

  syncNow(): Promise<protocol.SyncResult> {
    return this.connection.sendRequest(protocol.syncNow);
  }

  async stop(): Promise<void> {
    await stopServer(this.connection, this.child, this.exited, 3000);
  }

  private wake(): void {
    this.waiters.wake();
  }
}
