/**
 * One server-sent event of the feed's stream, read against its schema (src/shared/feedEvents.ts):
 * what the stream client acts on, or `malformed` with the problem (the event is counted and ignored),
 * or `unknown` for an event name this client does not know (the feed may grow: ignored).
 */
import type { z } from 'zod';
import { ChangeEvent, FEED_EVENT_KINDS, ReadyEvent, ResyncEvent, ShutdownEvent, type FeedEventKind } from '../../shared/feedEvents';
import type { SseMessage } from '../../shared/sse';
import { firstProblem } from './validate';

export type StreamEvent =
  | { kind: 'ready'; heartbeatSeconds: number }
  | { kind: 'change'; change: FeedEventKind; id: string; syncToken: string }
  | { kind: 'resync'; sync: 'incremental' | 'full' }
  | { kind: 'shutdown'; reason: ShutdownEvent['reason']; retryMs: number }
  | { kind: 'malformed'; problem: string }
  | { kind: 'unknown'; name: string };

const CHANGES: readonly string[] = FEED_EVENT_KINDS;

export function readEvent(message: SseMessage, project: string): StreamEvent {
  const name = message.event;
  if (name === 'ready') {
    return parsed(message, ReadyEvent, (ready) =>
      ready.project === project ? { kind: 'ready', heartbeatSeconds: ready.heartbeatSeconds } : otherProject(name),
    );
  }
  if (CHANGES.includes(name)) {
    return parsed(message, ChangeEvent, (change): StreamEvent => {
      if (change.project !== project) return otherProject(name);
      // The id is the position to resume from; an event without one would resume from an older one.
      if (message.id !== change.syncToken) return { kind: 'malformed', problem: `a ${name} event whose id is not its syncToken` };
      return { kind: 'change', change: name as FeedEventKind, id: message.id, syncToken: change.syncToken };
    });
  }
  if (name === 'resync') return parsed(message, ResyncEvent, (resync) => ({ kind: 'resync', sync: resync.sync }));
  if (name === 'shutdown') return parsed(message, ShutdownEvent, (s) => ({ kind: 'shutdown', reason: s.reason, retryMs: s.retryMs }));
  return { kind: 'unknown', name: name.slice(0, 40) };
}

function parsed<S extends z.ZodType>(message: SseMessage, schema: S, then: (value: z.output<S>) => StreamEvent): StreamEvent {
  const name = message.event;
  let json: unknown;
  try {
    json = JSON.parse(message.data);
  } catch {
    return { kind: 'malformed', problem: `a ${name} event whose data is not JSON` };
  }
  const result = schema.safeParse(json);
  if (!result.success) return { kind: 'malformed', problem: `a ${name} event in an unexpected shape (${firstProblem(result.error)})` };
  return then(result.data);
}

function otherProject(name: string): StreamEvent {
  return { kind: 'malformed', problem: `a ${name} event for another project` };
}
