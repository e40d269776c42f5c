/**
 * The one place that tells the editor what changed. Whatever changes (a sync, an edit, a decision
 * the feed accepted, a setting) says so here: which files may draw differently, whose code lenses
 * may read differently, whether the findings list or the status may. What is said in one tick is
 * sent together at its end (or at once by {@link ChangeSink.flush}), in one order: the files'
 * diagnostics, then one code lens refresh, `findingsChanged`, the status.
 *
 * The code lens refresh is asked only when a changed file is open: a refresh re-renders every
 * visible lens, and a click that lands during one can be lost (VS Code recreates the lens's links;
 * see codeLens.ts and the end-to-end tests' clickCodeLens). A closed file asks for its lenses when
 * it is shown. Everything goes out on the one connection, in the order sent, so a change that a
 * request caused and flushed before answering reaches the editor before that answer.
 */
import type { Diagnostic } from 'vscode-languageserver';
import type { OutboxEntryView } from '../../shared/protocol';
import type { DiagnosticsPublisher } from './publisher';

/** What may read differently now; every part is optional. */
export interface Changes {
  /** Files whose diagnostics may differ: published again (the publisher sends only those that did). */
  files?: Iterable<string>;
  /** Files whose code lenses may read differently: the editor is asked for lenses again when one is open. */
  lenses?: Iterable<string>;
  /** The findings list may read differently (`findingsChanged`: the client asks for it again while it shows it). */
  list?: boolean;
  /** The state, the counts or the notices may read differently (`findingsLens/status`). */
  status?: boolean;
}

/** How the news leaves the server (the connection in the server, fakes in tests). */
export interface ChangeSinkDeps {
  publisher: DiagnosticsPublisher;
  /** The diagnostics of `uri` as they are now. */
  diagnostics(uri: string): Diagnostic[];
  isOpen(uri: string): boolean;
  /** Whether the editor takes `workspace/codeLens/refresh` (its capability, known after initialize). */
  canRefreshLenses(): boolean;
  refreshLenses(): void;
  findingsChanged(): void;
  status(): void;
  outboxChanged(entries: OutboxEntryView[]): void;
  /** An open file's diagnostics may have changed (they were published again). */
  openFilesShown?(): void;
}

interface Batch {
  files: Set<string>;
  lenses: Set<string>;
  list: boolean;
  status: boolean;
}

export class ChangeSink {
  private pending = emptyBatch();
  private scheduled = false;

  constructor(private readonly deps: ChangeSinkDeps) {}

  /** Notes what changed; it is sent at the end of this tick, unless a flush sends it sooner. */
  add(changes: Changes): void {
    const batch = this.pending;
    for (const uri of changes.files ?? []) batch.files.add(uri);
    for (const uri of changes.lenses ?? []) batch.lenses.add(uri);
    batch.list ||= changes.list === true;
    batch.status ||= changes.status === true;
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  /**
   * Sends what changed so far, now; resolves with how many files' diagnostics were sent, once they
   * are written. Without files to publish, the rest goes out before this returns.
   */
  flush(): Promise<number> {
    const batch = this.pending;
    this.pending = emptyBatch();
    if (batch.files.size === 0) {
      this.announce(batch);
      return Promise.resolve(0);
    }
    return this.deps.publisher
      .publish(batch.files, (uri) => this.deps.diagnostics(uri))
      .then((published) => {
        if (this.anyOpen(batch.files)) this.deps.openFilesShown?.();
        this.announce(batch);
        return published;
      });
  }

  /** The outbox's entries changed: sent at once (they are the news itself), and the counts with them (the view's badge). */
  outboxChanged(entries: OutboxEntryView[]): void {
    this.deps.outboxChanged(entries);
    this.add({ status: true });
  }

  /** The editor closed `uri`: the publisher keeps a digest of what it shows instead of the diagnostics. */
  closed(uri: string): void {
    this.deps.publisher.closed(uri);
  }

  private announce(batch: Batch): void {
    if (this.deps.canRefreshLenses() && this.anyOpen(batch.lenses)) this.deps.refreshLenses();
    if (batch.list) this.deps.findingsChanged();
    if (batch.status) this.deps.status();
  }

  private anyOpen(uris: Iterable<string>): boolean {
    for (const uri of uris) if (this.deps.isOpen(uri)) return true;
    return false;
  }
}

function emptyBatch(): Batch {
  return { files: new Set(), lenses: new Set(), list: false, status: false };
}
