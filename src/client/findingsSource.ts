/**
 * The findings list, the outbox and the status counts as last told by the server, shared by the
 * tree, the panel and the export. It keeps nothing of its own.
 *
 * The whole list is dear at scale (at 100,000 findings one `listFindings` costs 1.7 s, 33 MB and
 * 0.9 s of the server's CPU), so it is asked for only while something shows it: the Findings view
 * while it is visible, the triage panel while it is in front. Each says so with `need()`. A
 * `findingsChanged` with nobody needing the list only marks it stale; the next one to need it has
 * it fetched then. Requests wait out a burst of changes (150 ms), so a sync that changes 10,000
 * findings costs one. The view's badge reads the status counts, which come without the list.
 *
 * It exists from activation (the tree uses it at once); the server connection (connection.ts, loaded
 * after activation) attaches the server and forwards its notifications.
 */
import * as vscode from 'vscode';
import type { FindingCounts, FindingListItem, OutboxEntryView, SyncEndedParams } from '../shared/protocol';

const DEBOUNCE_MS = 150;

/** The one request the source makes. */
export interface FindingsServer {
  isRunning(): boolean;
  /** Rejects, never throws (the language client's `sendRequest` is async). */
  listFindings(): Promise<FindingListItem[]>;
}

/** Runs `run` after a wait unless the returned cancel is called first; a test passes one it runs by hand. */
export type Delay = (run: () => void) => () => void;

export function delayOf(ms: number): Delay {
  return (run) => {
    const timer = setTimeout(run, ms);
    return () => clearTimeout(timer);
  };
}

export class FindingsSource implements vscode.Disposable {
  private items: FindingListItem[] = [];
  private byId = new Map<string, FindingListItem>();
  private outbox: OutboxEntryView[] = [];
  private statusCounts: FindingCounts | undefined;
  private server: FindingsServer | undefined;
  /** Who needs the list now, each with the reason it gave (for the log). */
  private readonly needs = new Set<{ reason: string }>();
  /** A change came since the list was last asked for; true until it first is. */
  private stale = true;
  private everLoaded = false;
  private cancelWait: (() => void) | undefined;
  /** The request on its way, if any: resolves false when it failed or could not be sent. */
  private request: Promise<boolean> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly outboxEvents = new vscode.EventEmitter<OutboxEntryView[]>();
  private readonly countEvents = new vscode.EventEmitter<FindingCounts>();
  /** The list changed (after a request). */
  readonly onDidChange = this.changed.event;
  /** The outbox changed. */
  readonly onDidChangeOutbox = this.outboxEvents.event;
  /** The server sent its status counts. */
  readonly onDidChangeCounts = this.countEvents.event;
  private readonly syncEvents = new vscode.EventEmitter<SyncEndedParams>();
  /** A sync ended (the server's `syncEnded`), background ones included. */
  readonly onDidEndSync = this.syncEvents.event;
  private readonly decisionEvents = new vscode.EventEmitter<void>();
  /** Decisions or reviews changed on the feed, anyone's (the server's `decisionsChanged`). */
  readonly onDidChangeDecisions = this.decisionEvents.event;

  constructor(
    private readonly log: Pick<vscode.LogOutputChannel, 'warn' | 'debug'>,
    private readonly wait: Delay = delayOf(DEBOUNCE_MS),
  ) {}

  /** The server, once its connection exists; until then the list is empty. */
  attach(server: FindingsServer): void {
    this.server = server;
    this.fetchSoon();
  }

  /**
   * Says the list is shown, until the returned disposable is disposed. While anything needs it,
   * each change has it asked for again; a stale list (or one never asked for) is asked for after
   * the same short wait, so that the view and the panel shown together cost one request.
   */
  need(reason: string): vscode.Disposable {
    const claim = { reason };
    this.needs.add(claim);
    this.fetchSoon();
    return { dispose: () => this.needs.delete(claim) };
  }

  /** The server's `findingsChanged`, a restart or a new token: the list may read differently now. */
  markStale(): void {
    this.stale = true;
    this.fetchSoon();
  }

  /** The server's `outboxChanged`: the entries as they are now (and each row shows its newest). */
  setOutbox(entries: OutboxEntryView[]): void {
    this.outbox = entries;
    this.outboxEvents.fire(entries);
    this.markStale();
  }

  /** The server's `syncEnded`. */
  syncEnded(params: SyncEndedParams): void {
    this.syncEvents.fire(params);
  }

  /** The server's `decisionsChanged`: a lead's review list may read differently now. */
  decisionsChanged(): void {
    this.decisionEvents.fire();
  }

  /** The counts of the server's `status`. */
  setCounts(counts: FindingCounts): void {
    this.statusCounts = counts;
    this.countEvents.fire(counts);
  }

  /** The list as last fetched: stale, or empty, while nothing needs it. */
  get findings(): readonly FindingListItem[] {
    return this.items;
  }

  /** Whether a list ever came (an empty one included). */
  get loaded(): boolean {
    return this.everLoaded;
  }

  get outboxEntries(): readonly OutboxEntryView[] {
    return this.outbox;
  }

  /** The server's last status counts; undefined until the first status. */
  get counts(): FindingCounts | undefined {
    return this.statusCounts;
  }

  find(id: string): FindingListItem | undefined {
    return this.byId.get(id);
  }

  /**
   * The list as the server has it now, for one who reads it once (the export, a panel starting):
   * asked for first when stale, joining a request already on its way.
   */
  async current(): Promise<readonly FindingListItem[]> {
    await this.fetchWhileStale(() => true);
    return this.items;
  }

  /** Asks for the list after the wait, when it is stale and still needed then. */
  private fetchSoon(): void {
    if (!this.stale || this.needs.size === 0) return;
    this.cancelWait?.();
    this.cancelWait = this.wait(() => {
      this.cancelWait = undefined;
      void this.fetchWhileStale(() => this.needs.size > 0);
    });
  }

  /** A change while a request is on its way makes its answer stale already: ask again after it. */
  private async fetchWhileStale(wanted: () => boolean): Promise<void> {
    while (this.stale && wanted()) {
      if (!this.request) {
        if (!this.server?.isRunning()) return;
        this.request = this.fetch(this.server);
      }
      if (!(await this.request)) return;
    }
  }

  /** Forgets itself as it settles (not a tick later), so that nobody joins an answer already used. */
  private async fetch(server: FindingsServer): Promise<boolean> {
    this.stale = false;
    this.log.debug(`Listing the findings for ${[...this.needs].map((n) => n.reason).join(', ') || 'a one-time reader'}`);
    try {
      this.setItems(await server.listFindings());
      return true;
    } catch (error) {
      this.stale = true;
      this.log.warn(`Could not list the findings: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    } finally {
      this.request = undefined;
    }
  }

  private setItems(items: FindingListItem[]): void {
    this.items = items;
    this.byId = new Map(items.map((i) => [i.id, i]));
    this.everLoaded = true;
    this.changed.fire();
  }

  dispose(): void {
    this.cancelWait?.();
    this.changed.dispose();
    this.outboxEvents.dispose();
    this.countEvents.dispose();
    this.syncEvents.dispose();
    this.decisionEvents.dispose();
  }
}
