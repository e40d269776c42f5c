/**
 * Sends diagnostics per file, only for files whose diagnostics changed, in batches so that a big
 * sync does not stall the server (and the editor) while thousands of files are published. To an
 * editor that takes them (VS Code's client), a batch is one `findingsLens/diagnostics` request,
 * paced by its answers; to others, one publishDiagnostics per file.
 */
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { Diagnostic } from 'vscode-languageserver';

/** How diagnostics leave the server (the connection's sendDiagnostics, or a fake in tests). */
export type SendDiagnostics = (uri: string, diagnostics: Diagnostic[]) => Promise<void> | void;

/** Many files' diagnostics in one message, resolved once the editor has taken them (it may reject). */
export type SendDiagnosticsBatch = (files: PublishedFile[]) => Promise<unknown>;

export interface PublishedFile {
  uri: string;
  diagnostics: Diagnostic[];
}

export const PUBLISH_BATCH = 200;

/**
 * A batch message goes once it holds this many diagnostics (or PUBLISH_BATCH files): about 300 KB
 * of JSON, which VS Code's client shows in one or two turns of its event loop (its window takes at
 * most 1,100 diagnostics per call; see src/client/diagnosticsBatch.ts). The file that reaches the
 * bound is in the message: a message is sent only right after the file that fills it is computed.
 */
export const MESSAGE_DIAGNOSTICS = 1_000;

/**
 * Batch messages sent and not answered yet, at most: the next is computed while the editor takes
 * one, and no more pile up in the editor than it can take (a sync of 100,000 findings once queued
 * 20,000 messages there, holding them all in its memory while it worked through them).
 */
export const UNANSWERED = 2;
export interface PublisherOptions {
  /** Whether the editor holds `uri` open: its last sent diagnostics are then kept and compared element by element. */
  isOpen?: (uri: string) => boolean;
  /** Files computed and written per turn of the event loop, or per batch message. */
  batch?: number;
  /** How to send many files at once, when the editor takes that (asked at each publish: known after `initialize`). */
  sendBatch?: () => SendDiagnosticsBatch | undefined;
}

export class DiagnosticsPublisher {
  /**
   * What was last sent per closed file, as a digest: holding the sent diagnostics (or their JSON)
   * for 20,000 files would cost tens of MB.
   */
  private readonly digests = new Map<string, string>();
  /**
   * What was last sent per open file, as sent. An open file is re-published on every edit, and the
   * view cache hands back the same Diagnostic objects for findings that did not change, so an
   * identity check replaces serialising the whole list a second time just to digest it.
   */
  private readonly held = new Map<string, readonly Diagnostic[]>();
  private readonly isOpen: (uri: string) => boolean;
  private readonly batch: number;
  private readonly sendBatch: () => SendDiagnosticsBatch | undefined;
  /**
   * Batch messages not answered yet, of every publish running: the next is sent only while fewer
   * than UNANSWERED are out.
   */
  private readonly unanswered: Array<Promise<unknown>> = [];

  constructor(
    private readonly send: SendDiagnostics,
    options: PublisherOptions = {},
  ) {
    this.isOpen = options.isOpen ?? (() => false);
    this.batch = options.batch ?? PUBLISH_BATCH;
    this.sendBatch = options.sendBatch ?? (() => undefined);
  }

  /**
   * Publishes `uris` with the diagnostics `compute` gives now; resolves with how many were sent,
   * once they are written. Each batch is written before the next is computed: the connection
   * writes one message per turn of the event loop, so without waiting, 20,000 files would queue
   * ahead of every hover or code lens answer (a hover waited 7 s during a 100,000-finding sync).
   */
  async publish(uris: Iterable<string>, compute: (uri: string) => Diagnostic[]): Promise<number> {
    const sendBatch = this.sendBatch();
    return sendBatch ? this.publishInBatches(uris, compute, sendBatch) : this.publishEach(uris, compute);
  }

  private async publishEach(uris: Iterable<string>, compute: (uri: string) => Diagnostic[]): Promise<number> {
    let published = 0;
    let inBatch: Array<Promise<void>> = [];
    for (const uri of openFirst(uris, this.isOpen)) {
      const sent = this.publishOne(uri, compute(uri));
      if (sent) {
        published += 1;
        inBatch.push(sent);
      }
      if (inBatch.length >= this.batch) {
        await Promise.all(inBatch);
        inBatch = [];
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    await Promise.all(inBatch);
    return published;
  }

  /**
   * The files that changed, MESSAGE_DIAGNOSTICS at a time in one message each; the next message is
   * computed while the editor takes the last, and waits while UNANSWERED are out. Resolves once the
   * editor has answered them all. It waits only with no file computed and unsent: a publish that
   * starts meanwhile computes its files later and sends them after, so no list goes out after a
   * newer one of its file.
   */
  private async publishInBatches(
    uris: Iterable<string>,
    compute: (uri: string) => Diagnostic[],
    sendBatch: SendDiagnosticsBatch,
  ): Promise<number> {
    let published = 0;
    let files: PublishedFile[] = [];
    let count = 0;
    const mine: Array<Promise<unknown>> = [];
    const dispatch = () => {
      const answered = sendBatch(files).catch(() => undefined);
      files = [];
      count = 0;
      mine.push(answered);
      this.unanswered.push(answered);
      void answered.then(() => this.unanswered.splice(this.unanswered.indexOf(answered), 1));
    };
    for (const uri of openFirst(uris, this.isOpen)) {
      const diagnostics = compute(uri);
      if (!this.changedNow(uri, diagnostics)) continue;
      published += 1;
      // The open files go in a message of their own, the first: their squiggles wait for no closed file.
      if (files.length > 0 && this.isOpen(files[0]!.uri) !== this.isOpen(uri)) dispatch();
      files.push({ uri, diagnostics });
      count += diagnostics.length;
      if (files.length < this.batch && count < MESSAGE_DIAGNOSTICS) continue;
      dispatch();
      while (this.unanswered.length >= UNANSWERED) await this.unanswered[0];
    }
    if (files.length > 0) dispatch();
    await Promise.all(mine);
    return published;
  }

  /** The editor closed `uri`: keep a digest of what it shows instead of the diagnostics themselves. */
  closed(uri: string): void {
    const held = this.held.get(uri);
    if (!held) return;
    this.held.delete(uri);
    this.digests.set(uri, diagnosticsDigest(held));
  }

  /** Every file that currently shows diagnostics from this server. */
  publishedFiles(): string[] {
    return [...this.held.keys(), ...this.digests.keys()];
  }

  /** Sends the file's diagnostics when they changed: the promise settles once they are written (never rejects). */
  private publishOne(uri: string, diagnostics: Diagnostic[]): Promise<void> | undefined {
    if (!this.changedNow(uri, diagnostics)) return undefined;
    try {
      return Promise.resolve(this.send(uri, diagnostics)).catch(() => undefined);
    } catch {
      return Promise.resolve();
    }
  }

  /** Whether the file's diagnostics differ from what was last sent; remembers them as sent either way. */
  private changedNow(uri: string, diagnostics: Diagnostic[]): boolean {
    // Computed only for a closed file, or an open one last sent while it was closed.
    const digest = lazy(() => diagnosticsDigest(diagnostics));
    const changed = !this.unchanged(uri, diagnostics, digest);
    // Even when unchanged: an open file holds its latest list, whose objects the next views reuse.
    this.remember(uri, diagnostics, digest);
    return changed;
  }

  private unchanged(uri: string, diagnostics: readonly Diagnostic[], digest: () => string): boolean {
    const held = this.held.get(uri);
    if (held) return sameDiagnostics(held, diagnostics);
    const before = this.digests.get(uri);
    return before === undefined ? diagnostics.length === 0 : before === digest();
  }

  private remember(uri: string, diagnostics: readonly Diagnostic[], digest: () => string): void {
    this.held.delete(uri);
    this.digests.delete(uri);
    if (diagnostics.length === 0) return;
    if (this.isOpen(uri)) this.held.set(uri, diagnostics);
    else this.digests.set(uri, digest());
  }
}

/**
 * The open files first, then the others in their order: what the user is looking at is drawn in the
 * first batch, not after thousands of closed files (a cache of 10,000 findings is 2,000 files).
 */
export function openFirst(uris: Iterable<string>, isOpen: (uri: string) => boolean): string[] {
  const open: string[] = [];
  const closed: string[] = [];
  for (const uri of uris) (isOpen(uri) ? open : closed).push(uri);
  return open.length === 0 ? closed : [...open, ...closed];
}

/**
 * Whether two lists hold the same diagnostics, element by element: by identity first (the view
 * cache reuses unchanged ones), else by value, which stops at the first difference (after an edit
 * that moves every finding, at the first range).
 */
export function sameDiagnostics(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i] && !isDeepStrictEqual(a[i], b[i])) return false;
  }
  return true;
}

/** sha1 of the diagnostics' JSON: equal lists give equal digests, and a collision is out of reach. */
export function diagnosticsDigest(diagnostics: readonly Diagnostic[]): string {
  return createHash('sha1').update(JSON.stringify(diagnostics)).digest('base64');
}

/** `make()`, computed on first use and then remembered. */
function lazy<T>(make: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = make();
      done = true;
    }
    return value;
  };
}
