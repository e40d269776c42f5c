/**
 * Sends diagnostics per file, only for files whose diagnostics changed, in batches so that a big
 * sync does not stall the server (and the editor) while thousands of files are published.
 */
import { createHash } from 'node:crypto';
import type { Diagnostic } from 'vscode-languageserver';

/** How diagnostics leave the server (the connection's sendDiagnostics, or a fake in tests). */
export type SendDiagnostics = (uri: string, diagnostics: Diagnostic[]) => Promise<void> | void;

export const PUBLISH_BATCH = 200;

export class DiagnosticsPublisher {
  /**
   * A digest of what was last sent per file, to skip files that did not change. Only the digest is
   * kept: holding the sent diagnostics (or their JSON) for 20,000 files would cost tens of MB.
   */
  private readonly sent = new Map<string, string>();

  constructor(private readonly send: SendDiagnostics, private readonly batch = PUBLISH_BATCH) {}

  /**
   * Publishes `uris` with the diagnostics `compute` gives now; resolves with how many were sent,
   * once they are written. Each batch is written before the next is computed: the connection
   * writes one message per turn of the event loop, so without waiting, 20,000 files would queue
   * ahead of every hover or code lens answer (a hover waited 7 s during a 100,000-finding sync).
   */
  async publish(uris: Iterable<string>, compute: (uri: string) => Diagnostic[]): Promise<number> {
    let published = 0;
    let inBatch: Array<Promise<void>> = [];
    for (const uri of uris) {
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

  /** Every file that currently shows diagnostics from this server. */
  publishedFiles(): string[] {
    return [...this.sent.keys()];
  }

  /** Sends the file's diagnostics when they changed: the promise settles once they are written (never rejects). */
  private publishOne(uri: string, diagnostics: Diagnostic[]): Promise<void> | undefined {
    const key = diagnosticsDigest(diagnostics);
    const before = this.sent.get(uri);
    if (before === key || (before === undefined && diagnostics.length === 0)) return undefined;
    if (diagnostics.length === 0) this.sent.delete(uri);
    else this.sent.set(uri, key);
    try {
      return Promise.resolve(this.send(uri, diagnostics)).catch(() => undefined);
    } catch {
      return Promise.resolve();
    }
  }
}

/** sha1 of the diagnostics' JSON: equal lists give equal digests, and a collision is out of reach. */
export function diagnosticsDigest(diagnostics: Diagnostic[]): string {
  return createHash('sha1').update(JSON.stringify(diagnostics)).digest('base64');
}
