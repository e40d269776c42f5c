/**
 * What happened to a project, for the event streams (GET /v1/projects/{project}/events): one row
 * per change (a decision, a review, findings changed), written in the transaction of the change and
 * announced to every instance when it commits. An event's `seq` is its place in the change
 * sequence, so events are ordered across instances as the changes are, and a stream can resume
 * after the last one it sent. Only the most recent span of the sequence is kept.
 */
import type { FeedEventKind } from '../../shared/feedEvents';
import { outsideTransaction, type SqlSession } from './sql';

/** An event as stored and announced. */
export interface StoredEvent {
  /** Its place in the change sequence: its last change. */
  seq: number;
  /** The place just before its first change: a sync from here includes it. */
  sinceSeq: number;
  project: string;
  kind: FeedEventKind;
  at: string;
  /** Ids only (finding, decision, count): small enough for a NOTIFY, and no feed text. */
  data: Record<string, unknown>;
}

/** Events older than this many changes are deleted; a stream that resumes from further back is told to sync instead. */
export const EVENT_RETENTION = 100_000;
/** How often (in changes) old events are deleted. */
const PRUNE_EVERY = 1024;

interface EventRow {
  seq: number;
  since_seq: number;
  project: string;
  kind: FeedEventKind;
  at: string;
  data: string;
}

function fromRow(row: EventRow): StoredEvent {
  return {
    seq: row.seq,
    sinceSeq: row.since_seq,
    project: row.project,
    kind: row.kind,
    at: row.at,
    data: JSON.parse(row.data) as Record<string, unknown>,
  };
}

export class EventsTable {
  constructor(private readonly sql: SqlSession) {}

  /**
   * Records an event of the current transaction. `changed` is the first and last position the
   * transaction's changes took; without it (a review that changed no finding) the event takes a
   * position of its own.
   */
  async record(event: {
    project: string;
    kind: FeedEventKind;
    changed?: { first: number; last: number };
    data: Record<string, unknown>;
  }): Promise<StoredEvent> {
    if (!this.sql.inTransaction) throw outsideTransaction('events.record');
    const seq = event.changed?.last ?? (await this.sql.changes.next());
    const sinceSeq = (event.changed?.first ?? seq) - 1;
    const stored: StoredEvent = { seq, sinceSeq, project: event.project, kind: event.kind, at: new Date().toISOString(), data: event.data };
    await this.sql.run('INSERT INTO events (seq, since_seq, project, kind, at, data) VALUES (?, ?, ?, ?, ?, ?)', [
      seq,
      sinceSeq,
      stored.project,
      stored.kind,
      stored.at,
      JSON.stringify(stored.data),
    ]);
    if (Math.floor(seq / PRUNE_EVERY) > Math.floor(sinceSeq / PRUNE_EVERY)) {
      await this.sql.run('DELETE FROM events WHERE seq <= ?', [seq - EVENT_RETENTION]);
    }
    await this.sql.notify(JSON.stringify(stored));
    return stored;
  }

  /** A project's events after `afterSeq`, oldest first, at most `limit`. */
  async ofProject(project: string, afterSeq: number, limit: number): Promise<StoredEvent[]> {
    const rows = await this.sql.all<EventRow>('SELECT * FROM events WHERE project = ? AND seq > ? ORDER BY seq LIMIT ?', [
      project,
      afterSeq,
      limit,
    ]);
    return rows.map(fromRow);
  }

  /** Every project's events after `afterSeq`, oldest first, at most `limit` (to catch up after a lost connection). */
  async after(afterSeq: number, limit: number): Promise<StoredEvent[]> {
    return (await this.sql.all<EventRow>('SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?', [afterSeq, limit])).map(fromRow);
  }

  /** The last event's position (0 when there is none). */
  async latest(): Promise<number> {
    return (await this.sql.get<{ m: number | null }>('SELECT MAX(seq) AS m FROM events'))?.m ?? 0;
  }
}

/** Parses an announced event; undefined when it is not one (announcements come from other processes). */
export function parseAnnouncedEvent(payload: string): StoredEvent | undefined {
  try {
    const value = JSON.parse(payload) as Partial<StoredEvent>;
    if (typeof value.seq !== 'number' || typeof value.sinceSeq !== 'number' || typeof value.project !== 'string') return undefined;
    if (typeof value.kind !== 'string' || typeof value.at !== 'string' || !value.data || typeof value.data !== 'object') return undefined;
    return value as StoredEvent;
  } catch {
    return undefined;
  }
}
