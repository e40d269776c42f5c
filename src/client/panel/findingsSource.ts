/**
 * The findings list and outbox as last told by the server, shared by the tree, the panel and the
 * quick fixes. It keeps nothing of its own: on `findingsChanged` it asks `listFindings` again
 * (debounced, so a sync that changes 10,000 findings costs one request).
 */
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { findingsChanged, listFindings, outboxChanged, type FindingListItem, type OutboxEntryView } from '../../shared/protocol';

const DEBOUNCE_MS = 150;

export class FindingsSource implements vscode.Disposable {
  private items: FindingListItem[] = [];
  private outbox: OutboxEntryView[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly outboxEvents = new vscode.EventEmitter<OutboxEntryView[]>();
  private readonly disposables: vscode.Disposable[] = [];
  /** The list changed (after a refresh). */
  readonly onDidChange = this.changed.event;
  /** The outbox changed. */
  readonly onDidChangeOutbox = this.outboxEvents.event;

  constructor(
    private readonly client: LanguageClient,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      client.onNotification(findingsChanged, () => this.scheduleRefresh()),
      client.onNotification(outboxChanged, (p) => {
        this.outbox = p.entries;
        this.outboxEvents.fire(p.entries);
        this.scheduleRefresh();
      }),
      client.onDidChangeState((e) => {
        if (e.newState === State.Running) this.scheduleRefresh();
      }),
    );
    if (client.isRunning()) this.scheduleRefresh();
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
    if (!this.client.isRunning()) return;
    try {
      this.items = await this.client.sendRequest(listFindings);
      this.changed.fire();
    } catch (error) {
      this.log.warn(`Could not list the findings: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.disposables.forEach((d) => d.dispose());
    this.changed.dispose();
    this.outboxEvents.dispose();
  }
}
