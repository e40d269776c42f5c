/**
 * `GET /v1/projects/{project}/events`: the project's changes as server-sent events. The stream
 * says `ready`, replays what came after `Last-Event-ID` (or says `resync` when it cannot), then
 * sends each change as it commits on any instance, with a heartbeat comment between. A stream
 * whose token is revoked (checked at each heartbeat), or that reads too slowly, is ended with a
 * last `shutdown` event; so is every stream when the instance shuts down.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChangeEvent, ResyncEvent, ShutdownEvent } from '../../shared/feedEvents';
import { formatSseEvent } from '../../shared/sse';
import type { FeedContext } from '../context';
import { FeedHttpError } from '../errors';
import { header } from '../httpIo';
import { EVENT_RETENTION, type StoredEvent } from '../storage/eventsTable';
import { decodeSyncToken, encodeSyncToken } from '../syncToken';
import type { EventSubscriber } from './hub';
import type { OpenStream } from './streams';

/** What a client waits before reconnecting (the SSE `retry:` field). */
export const RECONNECT_MS = 3000;
/** Past this much written and not yet read by the client, the stream is ended (the client resumes later). */
const MAX_UNREAD_BYTES = 256 * 1024;

/** Where a resumed stream picks up: nothing to resume, a position, or an id not of this feed. */
export type Resume = { kind: 'none' } | { kind: 'after'; seq: number } | { kind: 'unknown' };

export function parseLastEventId(feedId: string, value: string | undefined): Resume {
  if (value === undefined || value.trim() === '') return { kind: 'none' };
  const seq = decodeSyncToken(feedId, value.trim());
  return seq === undefined ? { kind: 'unknown' } : { kind: 'after', seq };
}

/** The data of a change event, as the contract (ChangeEvent) has it. */
export function changeEventData(feedId: string, event: StoredEvent): ChangeEvent {
  const { findingId, decisionId, count } = event.data as { findingId?: string; decisionId?: string; count?: number };
  return {
    project: event.project,
    syncToken: encodeSyncToken(feedId, event.seq),
    since: encodeSyncToken(feedId, event.sinceSeq),
    at: event.at,
    ...(findingId === undefined ? {} : { findingId }),
    ...(decisionId === undefined ? {} : { decisionId }),
    ...(count === undefined ? {} : { count }),
  };
}

/** Opens the stream; `stillAllowed` says whether the token may still read the project. */
export async function serveEvents(
  ctx: FeedContext,
  req: IncomingMessage,
  res: ServerResponse,
  project: string,
  tokenId: string,
  stillAllowed: () => Promise<boolean>,
): Promise<void> {
  if (ctx.draining) {
    throw new FeedHttpError(503, 'unavailable', 'this instance is shutting down: open the stream again', {}, { 'Retry-After': '1' });
  }
  ctx.streams.check(tokenId);
  const resume = parseLastEventId(ctx.storage.feedId, header(req, 'last-event-id'));
  const stream = new EventStream(ctx, res, project, tokenId, stillAllowed);
  ctx.streams.add(stream);
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    // Proxies such as nginx would otherwise hold events back to fill a buffer.
    'X-Accel-Buffering': 'no',
  });
  await stream.start(resume);
}

class EventStream implements OpenStream, EventSubscriber {
  private lastSent = 0;
  /** Live events that arrive while the replay is read; undefined once the stream is live. */
  private held: StoredEvent[] | undefined = [];
  private ended = false;
  private heartbeat: NodeJS.Timeout | undefined;
  private unsubscribe: () => void = () => undefined;

  constructor(
    private readonly ctx: FeedContext,
    private readonly res: ServerResponse,
    readonly project: string,
    readonly tokenId: string,
    private readonly stillAllowed: () => Promise<boolean>,
  ) {}

  async start(resume: Resume): Promise<void> {
    this.res.on('close', () => this.release());
    // Subscribed before the replay is read, so nothing committed in between is lost; duplicates are dropped by seq.
    this.unsubscribe = this.ctx.events.subscribe(this);
    const heartbeatSeconds = this.ctx.limits.heartbeatMs / 1000;
    this.write(`retry: ${RECONNECT_MS}\n\n`);
    this.write(formatSseEvent('ready', JSON.stringify({ project: this.project, heartbeatSeconds })));
    if (resume.kind === 'unknown') this.resync('unknown_event_id');
    else if (resume.kind === 'after') await this.replay(resume.seq);
    const held = this.held ?? [];
    this.held = undefined;
    for (const event of held) this.deliver(event);
    if (this.ended) return;
    this.heartbeat = setInterval(() => void this.beat(), this.ctx.limits.heartbeatMs);
  }

  deliver(event: StoredEvent): void {
    if (this.ended) return;
    if (this.held) {
      this.held.push(event);
      return;
    }
    if (event.seq <= this.lastSent) return;
    this.lastSent = event.seq;
    const id = encodeSyncToken(this.ctx.storage.feedId, event.seq);
    this.write(formatSseEvent(event.kind, JSON.stringify(changeEventData(this.ctx.storage.feedId, event)), id));
  }

  close(last: ShutdownEvent): void {
    if (this.ended) return;
    this.write(formatSseEvent('shutdown', JSON.stringify(last)));
    this.res.end();
    this.release();
  }

  private async replay(after: number): Promise<void> {
    const { storage } = this.ctx;
    const current = await storage.findings.currentSeq();
    if (after > current) return this.resync('unknown_event_id');
    if (after < current - EVENT_RETENTION) return this.resync('too_far_back');
    const max = this.ctx.limits.maxReplayEvents;
    const missed = await storage.events.ofProject(this.project, after, max + 1);
    if (missed.length > max) return this.resync('too_far_back');
    this.held?.unshift(...missed);
  }

  private resync(reason: ResyncEvent['reason']): void {
    const resync: ResyncEvent =
      reason === 'unknown_event_id'
        ? {
            reason,
            sync: 'full',
            message: 'Last-Event-ID is not an event of this feed (it was reset, or it is another feed): do a full sync',
          }
        : {
            reason,
            sync: 'incremental',
            message: `more happened since Last-Event-ID than a stream replays: sync incrementally from your last sync token`,
          };
    this.write(formatSseEvent('resync', JSON.stringify(resync)));
  }

  private async beat(): Promise<void> {
    let allowed = true;
    try {
      allowed = await this.stillAllowed();
    } catch {
      // The database did not answer: the stream stays; the next heartbeat asks again.
    }
    if (!allowed) return this.close({ reason: 'access_revoked', retryMs: 0 });
    this.write(': heartbeat\n\n');
  }

  private write(text: string): void {
    if (this.ended) return;
    if (this.res.writableLength > MAX_UNREAD_BYTES) {
      this.ctx.logger.info('an event stream that did not read its events was ended', { route: '/v1/projects/{project}/events' });
      this.res.destroy();
      this.release();
      return;
    }
    this.res.write(text);
  }

  private release(): void {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.heartbeat);
    this.unsubscribe();
    this.ctx.streams.remove(this);
  }
}
