/**
 * The files' diagnostics, set in the editor together. The language client converts what the
 * server publishes one file per turn of the event loop and, left alone, sets each file by itself:
 * after a sync of 20,000 files that is 20,000 messages from the extension host to the editor's
 * window, each compressed and sent on its own, and each making the window count Problems and
 * redraw its views again. The batch hands the editor the files converted within WINDOW_MS in
 * calls of PER_SET diagnostics, one call per turn of the event loop: each call costs the extension
 * host about 30–60 ms at 1,100 diagnostics (converting them for the window, sending them), so
 * several in one turn held it for 150–290 ms at 100,000 findings, and with it every other
 * extension. A file that comes while nothing was set for WINDOW_MS goes out on the next
 * turn, so the open file's squiggles wait for nothing when they are first; later ones wait at most
 * WINDOW_MS, or for the calls before them. Our server sends VS Code its files in batches already
 * (`findingsLens/diagnostics`, see serverClient.ts): those go out from the next turn, and the
 * server hears when they are set.
 */
import type * as vscode from 'vscode';

export const WINDOW_MS = 50;

/**
 * The most diagnostics one DiagnosticCollection.set call may carry. VS Code's extension host sends
 * the window the files of one call only up to this total (ExtHostDiagnostics' maxDiagnosticsTotal,
 * 1.1 × its 1,000 per file) and drops the files after it without a word: they would be in
 * languages.getDiagnostics() but never in Problems or the editor. A single file over it still goes
 * alone, where VS Code's own per-file limit applies as it always did.
 */
export const MAX_PER_SET = 1_100;

/**
 * The diagnostics one call carries (a file with more goes alone): VS Code's extension host spends
 * about 30–60 ms converting and sending 1,100 on a quiet machine, but 100–130 ms when the editor,
 * the server and the window share two busy cores (npm run bench:editor at 100,000 findings). Calls
 * of 500 still held it 100–140 ms at times there (VS Code's conversion, not garbage collection),
 * so a call carries 250: each turn stays well under 100 ms, for twice the calls.
 */
export const PER_SET = 250;

/** Where a batch goes: the language client's diagnostic collection, while it has one. */
export type DiagnosticsTarget = () => Pick<vscode.DiagnosticCollection, 'set'> | undefined;

/** Time, as the batch reads and waits for it (the real one, or a test's). */
export interface BatchClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: BatchClock = {
  now: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Those who wait until files are set: each with the URIs not set yet. */
interface Waiter {
  uris: Set<string>;
  done: () => void;
}

export class DiagnosticsBatch {
  /** The newest diagnostics of each file not set yet, by URI, in the order they first came. */
  private readonly pending = new Map<string, [vscode.Uri, vscode.Diagnostic[]]>();
  private readonly waiters: Waiter[] = [];
  private timer: unknown;
  private lastSet = -Infinity;

  constructor(
    private readonly target: DiagnosticsTarget,
    private readonly clock: BatchClock = realClock,
    /** Told of the files each call set (what was kept from the last start makes way for them, lastShown.ts). */
    private readonly onSet: (uris: vscode.Uri[]) => void = () => undefined,
  ) {}

  /** The language client's middleware `handleDiagnostics`: keep the file's diagnostics for the next batch. */
  add(uri: vscode.Uri, diagnostics: vscode.Diagnostic[]): void {
    this.pending.set(uri.toString(), [uri, diagnostics]);
    if (this.timer !== undefined) return;
    const wait = Math.max(0, this.lastSet + WINDOW_MS - this.clock.now());
    this.timer = this.clock.setTimeout(() => this.setNext(), wait);
  }

  /**
   * Files the server sent together (`findingsLens/diagnostics`): set from the next turn on, without
   * waiting for the window (the server already batched them, and waits for this to resolve before
   * sending more). Resolves once all are set, or dropped.
   */
  addNow(entries: ReadonlyArray<[vscode.Uri, vscode.Diagnostic[]]>): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    const uris = new Set<string>();
    for (const [uri, diagnostics] of entries) {
      const key = uri.toString();
      this.pending.set(key, [uri, diagnostics]);
      uris.add(key);
    }
    this.cancelTimer();
    this.timer = this.clock.setTimeout(() => this.setNext(), 0);
    return new Promise((done) => this.waiters.push({ uris, done }));
  }

  /** The server stopped: what it published before is not to be shown (the client clears its collection). */
  drop(): void {
    this.cancelTimer();
    this.pending.clear();
    for (const waiter of this.waiters.splice(0)) waiter.done();
  }

  dispose(): void {
    this.drop();
  }

  /** One call's worth now; the rest on the next turn when the call was full, else after the window. */
  private setNext(): void {
    this.timer = undefined;
    this.setOne();
    if (this.pending.size > 0) this.timer = this.clock.setTimeout(() => this.setNext(), 0);
  }

  /** Sets the oldest pending files, as many as one call takes. */
  private setOne(): void {
    const chunk = firstChunk(this.pending.values());
    for (const [uri] of chunk) this.pending.delete(uri.toString());
    this.lastSet = this.clock.now();
    const target = this.target();
    if (target) {
      target.set(chunk);
      this.onSet(chunk.map(([uri]) => uri));
    }
    if (this.waiters.length > 0) this.setDone(chunk);
  }

  /** Resolves those who waited only for files of `chunk`. */
  private setDone(chunk: ReadonlyArray<[vscode.Uri, unknown]>): void {
    for (const [uri] of chunk) for (const waiter of this.waiters) waiter.uris.delete(uri.toString());
    const waiting = this.waiters.filter((waiter) => waiter.uris.size > 0);
    for (const waiter of this.waiters) if (waiter.uris.size === 0) waiter.done();
    this.waiters.splice(0, this.waiters.length, ...waiting);
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** The first entries, as many as one call takes: at most PER_SET diagnostics, or one file over it alone. */
export function firstChunk<T extends [unknown, readonly unknown[]]>(entries: Iterable<T>): T[] {
  const chunk: T[] = [];
  let count = 0;
  for (const entry of entries) {
    if (chunk.length > 0 && count + entry[1].length > PER_SET) break;
    chunk.push(entry);
    count += entry[1].length;
  }
  return chunk;
}
