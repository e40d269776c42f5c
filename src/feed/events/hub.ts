/**
 * One per feed process: hears the events that every instance on the database announces when their
 * transactions commit (NOTIFY on PostgreSQL, in-process on SQLite) and hands each to the streams of
 * its project. Events arrive in the order of the change sequence; one already seen is dropped.
 * After a lost listening connection, what was missed is read from the events table.
 */
import type { FeedLogger } from '../logger';
import { parseAnnouncedEvent, type StoredEvent } from '../storage/eventsTable';
import type { FeedStorage, Listening } from '../storage/feedStorage';

/** Something that wants a project's events: an open stream. */
export interface EventSubscriber {
  readonly project: string;
  deliver(event: StoredEvent): void;
}

const CATCH_UP_PAGE = 1000;

export class EventHub {
  private readonly subscribers = new Map<string, Set<EventSubscriber>>();
  private listening: Listening | undefined;
  private lastSeq = 0;
  private catchingUp: Promise<void> | undefined;

  constructor(
    private readonly storage: FeedStorage,
    private readonly logger: FeedLogger,
  ) {}

  async start(): Promise<void> {
    this.lastSeq = await this.storage.events.latest();
    this.listening = await this.storage.listen(
      (payload) => this.announced(payload),
      () => void this.catchUp(),
    );
  }

  /** Starts handing `subscriber` its project's events; the function returned stops it. */
  subscribe(subscriber: EventSubscriber): () => void {
    let set = this.subscribers.get(subscriber.project);
    if (!set) this.subscribers.set(subscriber.project, (set = new Set()));
    set.add(subscriber);
    return () => {
      set.delete(subscriber);
      if (set.size === 0 && this.subscribers.get(subscriber.project) === set) this.subscribers.delete(subscriber.project);
    };
  }

  async stop(): Promise<void> {
    await this.listening?.close();
    this.listening = undefined;
    await this.catchingUp;
  }

  private announced(payload: string): void {
    const event = parseAnnouncedEvent(payload);
    if (!event) {
      this.logger.error('an announcement that is not an event was ignored');
      return;
    }
    this.dispatch(event);
  }

  private dispatch(event: StoredEvent): void {
    if (event.seq <= this.lastSeq) return;
    this.lastSeq = event.seq;
    for (const subscriber of this.subscribers.get(event.project) ?? []) subscriber.deliver(event);
  }

  /** Reads and hands out what was missed while no connection listened. */
  private catchUp(): Promise<void> {
    this.catchingUp ??= (async () => {
      try {
        for (;;) {
          const missed = await this.storage.events.after(this.lastSeq, CATCH_UP_PAGE);
          for (const event of missed) this.dispatch(event);
          if (missed.length < CATCH_UP_PAGE) break;
        }
      } catch (err) {
        this.logger.error('could not read the events missed while not listening', {
          cause: err instanceof Error ? err.message : String(err),
        });
      } finally {
        this.catchingUp = undefined;
      }
    })();
    return this.catchingUp;
  }
}
