/**
 * Sends diagnostics per file, only for files whose diagnostics changed, in batches so that a big
 * sync does not stall the server (and the editor) while thousands of files are published.
 */
import type { Diagnostic } from 'vscode-languageserver';

/** How diagnostics leave the server (the connection's sendDiagnostics, or a fake in tests). */
export type SendDiagnostics = (uri: string, diagnostics: Diagnostic[]) => Promise<void> | void;

export const PUBLISH_BATCH = 200;

export class DiagnosticsPublisher {
  /** What was last sent per file, as JSON, to skip files that did not change. */
  private readonly sent = new Map<string, string>();

  constructor(private readonly send: SendDiagnostics, private readonly batch = PUBLISH_BATCH) {}

  /** Publishes `uris` with the diagnostics `compute` gives now; resolves with how many were sent. */
  async publish(uris: Iterable<string>, compute: (uri: string) => Diagnostic[]): Promise<number> {
    let published = 0;
    let inBatch = 0;
    for (const uri of uris) {
      if (this.publishOne(uri, compute(uri))) {
        published += 1;
        inBatch += 1;
      }
      if (inBatch >= this.batch) {
        inBatch = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    return published;
  }

  /** Every file that currently shows diagnostics from this server. */
  publishedFiles(): string[] {
    return [...this.sent.keys()];
  }

  private publishOne(uri: string, diagnostics: Diagnostic[]): boolean {
    const key = JSON.stringify(diagnostics);
    const before = this.sent.get(uri);
    if (before === key || (before === undefined && diagnostics.length === 0)) return false;
    if (diagnostics.length === 0) this.sent.delete(uri);
    else this.sent.set(uri, key);
    void Promise.resolve(this.send(uri, diagnostics)).catch(() => undefined);
    return true;
  }
}
