/**
 * The findings list and outbox as last told by the server, shared by the tree, the panel and the
 * quick fixes. It keeps nothing of its own: on `findingsChanged` it asks `listFindings` again
 * (debounced, so a sync that changes 10,000 findings costs one request).
 *
 * It exists from activation (the tree and the quick fixes use it at once); the server connection
 * (connection.ts, loaded after activation) attaches the server and forwards its notifications.
 */
import * as vscode from 'vscode';
import type { FindingListItem, OutboxEntryView } from '../../shared/protocol';

const DEBOUNCE_MS = 150;

/** The one request the source makes. */
export interface FindingsServer {
  isRunning(): boolean;
  listFindings(): Promise<FindingListItem[]>;
}

export class FindingsSource implements vscode.Disposable {
  private items: FindingListItem[] = [];
  private outbox: OutboxEntryView[] = [];
  private server: FindingsServer | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly outboxEvents = new vscode.EventEmitter<OutboxEntryView[]>();
  /** The list changed (after a refresh). */
  readonly onDidChange = this.changed.event;
  /** The outbox changed. */
  readonly onDidChangeOutbox = this.outboxEvents.event;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** The server, once its connection exists; until then the list is empty. */
  attach(server: FindingsServer): void {
    this.server = server;
    if (server.isRunning()) this.scheduleRefresh();
  }

  /** The server's `outboxChanged`: the entries as they are now. */
  setOutbox(entries: OutboxEntryView[]): void {
    this.outbox = entries;
    this.outboxEvents.fire(entries);
    this.scheduleRefresh();
  }

  get findings(): readonly FindingListItem[] {
    return this.items;
  }

  get outboxEntries(): readonly OutboxEntryView[] {
    return this.outbox;
  }

  find(id: string): FindingListItem | undefined {
    return this.items.find((i) => i.id === id);
  }

  scheduleRefresh(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, DEBOUNCE_MS);
  }

  async refresh(): Promise<void> {
    const server = this.server;
    if (!server?.isRunning()) return;
    try {
      this.items = await server.listFindings();
      this.changed.fire();
    } catch (error) {
      this.log.warn(`Could not list the findings: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.changed.dispose();
    this.outboxEvents.dispose();
  }
}
