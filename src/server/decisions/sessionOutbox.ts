/**
 * The decision outbox of one feed and project: opened when its session opens, closed when the
 * session is replaced (its entries stay on disk, in their own folder, for when that feed comes
 * back). The outboxes of successive sessions are opened and closed in turn ({@link OutboxTurns}),
 * never interleaved: from feed A to B and back to A, A's outbox is closed, and its sender lock
 * released, before A's is opened again.
 *
 * It keeps what the outbox last said (the list's rows and the counts read it), and hands each
 * change on with the decisions the feed accepted since the last one, each once; a change after the
 * close is not this session's news.
 */
import type { OutboxEntryView } from '../../shared/protocol';
import { checkFeedUrl } from '../feed/origin';
import { newestByFinding } from '../outbox/entry';
import { outboxFolder } from '../outbox/folder';
import { Outbox, type DecisionPoster, type OutboxLog } from '../outbox/outbox';
import type { AcceptedDecision } from './decisionPatch';

/** Where the outbox lives and what it is for. */
export interface OutboxTarget {
  storagePath: string;
  /** The normalised feed base URL (`checkFeedUrl(url).base.href`). */
  feedBase: string;
  project: string;
}

/** Where the outbox of a feed and project lives; undefined without a storage folder, a valid feed URL or a project. */
export function outboxTarget(storagePath: string | undefined, feedUrl: string, project: string): OutboxTarget | undefined {
  const url = checkFeedUrl(feedUrl);
  if (storagePath === undefined || !url.ok || project === '') return undefined;
  return { storagePath, feedBase: url.base.href, project };
}

/** Runs the opening and closing of every session's outbox one after the other. */
export class OutboxTurns {
  private queue: Promise<void> = Promise.resolve();

  run(fn: () => Promise<void>): Promise<void> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

export interface SessionOutboxDeps {
  turns: OutboxTurns;
  /** The feed client for the current token, or undefined without one. */
  client: () => DecisionPoster | undefined;
  /** Every change of the entries (none once closed), with the decisions the feed accepted that were not handed on before. */
  onChange: (entries: OutboxEntryView[], accepted: AcceptedDecision[]) => void;
  log: OutboxLog;
  /** For tests; default Outbox.open. */
  open?: typeof Outbox.open;
}

export class SessionOutbox {
  private outbox: Outbox | undefined;
  private opened: Promise<void> = Promise.resolve();
  private closed = false;
  /** What the outbox last said, oldest first. */
  private views: OutboxEntryView[] = [];
  /** Synced entries whose result was handed on. */
  private readonly applied = new Set<string>();

  /** `target` undefined: no storage folder, feed URL or project, so decisions cannot be queued. */
  constructor(
    private readonly target: OutboxTarget | undefined,
    private readonly deps: SessionOutboxDeps,
  ) {}

  /** Opens the outbox, in its turn. */
  open(): Promise<void> {
    if (!this.target) this.deps.log('info', 'decisions cannot be queued: no storage folder, feed URL or project');
    this.opened = this.deps.turns.run(() => this.openNow());
    return this.opened;
  }

  /** The open outbox once it has opened, or undefined. */
  async ready(): Promise<Outbox | undefined> {
    await this.opened;
    return this.outbox;
  }

  /** The open outbox now (it may still be opening), or undefined. */
  get current(): Outbox | undefined {
    return this.outbox;
  }

  /** What the outbox last said, oldest first. */
  get entries(): readonly OutboxEntryView[] {
    return this.views;
  }

  /** Each finding's newest entry: the one its list row shows and the badge counts. */
  newestByFinding(): Map<string, OutboxEntryView> {
    return newestByFinding(this.views);
  }

  /** Closes the outbox, in its turn; the client is then told it holds nothing. */
  close(): Promise<void> {
    this.closed = true;
    return this.deps.turns.run(async () => {
      const old = this.outbox;
      this.outbox = undefined;
      if (!old) return;
      await old.dispose();
      this.views = [];
      this.deps.onChange([], []);
    });
  }

  private async openNow(): Promise<void> {
    if (this.closed || !this.target) return;
    const dir = outboxFolder(this.target.storagePath, this.target.feedBase, this.target.project);
    try {
      this.outbox = await (this.deps.open ?? Outbox.open)({
        dir,
        client: this.deps.client,
        onChange: (entries) => this.changed(entries),
        log: this.deps.log,
      });
      // What it found on disk, again, now that its entries can be looked at whole.
      this.changed(this.outbox.entries());
      this.deps.log('info', `decision outbox open for project ${this.target.project}`);
    } catch (e) {
      this.deps.log(
        'error',
        `could not open the decision outbox in ${dir}: ${(e as Error).message}; decisions cannot be queued until the feed or project changes`,
      );
    }
  }

  private changed(entries: OutboxEntryView[]): void {
    if (this.closed) return;
    this.views = entries;
    this.deps.onChange(entries, this.accepted(entries));
  }

  /** The results of synced entries not handed on yet (none while the outbox opens: its entries are looked at once it has). */
  private accepted(entries: readonly OutboxEntryView[]): AcceptedDecision[] {
    const accepted: AcceptedDecision[] = [];
    for (const view of entries) {
      if (view.state !== 'synced' || this.applied.has(view.id)) continue;
      const entry = this.outbox?.entry(view.id);
      if (!entry?.result) continue;
      this.applied.add(view.id);
      accepted.push({ decision: entry.result, ifMatch: entry.kind === 'triage' ? entry.ifMatch : undefined });
    }
    return accepted;
  }
}
