/**
 * What the event stream client's tests drive it with: a clock whose time moves only when the test
 * says (timers run in order as it passes), and a feed whose streams the test writes, ends or breaks.
 */
import type { Clock } from '../../../../src/server/feed/clock';
import { FeedRequestError } from '../../../../src/server/feed/errors';

export class FakeClock implements Clock {
  private time = 0;
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; run: () => void }>();

  now(): number {
    return this.time;
  }

  setTimeout(run: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + ms, run });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Moves time on by `ms`, running each timer that falls due, in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].run();
    }
    this.time = end;
  }

  /** The time until the earliest timer, or undefined with none. */
  nextIn(): number | undefined {
    const ats = [...this.timers.values()].map((t) => t.at - this.time);
    return ats.length === 0 ? undefined : Math.min(...ats);
  }
}

/** One stream the feed opened: the test writes to it, ends it or breaks it. */
export interface OpenedStream {
  lastEventId: string | undefined;
  signal: AbortSignal;
  write(text: string): void;
  end(): void;
  fail(): void;
}

/** A feed for FeedEventStream.open: answers each open with the next refusal queued, or a stream. */
export class FakeFeed {
  readonly opened: OpenedStream[] = [];
  readonly refusals: FeedRequestError[] = [];

  readonly open = async (lastEventId: string | undefined, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> => {
    const refusal = this.refusals.shift();
    if (refusal) throw refusal;
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    const encoder = new TextEncoder();
    let over = false;
    signal.addEventListener('abort', () => {
      if (over) return;
      over = true;
      controller.error(signal.reason);
    });
    this.opened.push({
      lastEventId,
      signal,
      write: (text) => controller.enqueue(encoder.encode(text)),
      end: () => {
        over = true;
        controller.close();
      },
      fail: () => {
        over = true;
        controller.error(new Error('connection reset'));
      },
    });
    return body;
  };

  get last(): OpenedStream {
    const stream = this.opened.at(-1);
    if (!stream) throw new Error('no stream was opened');
    return stream;
  }
}

export function refusal(status: number, retryAfterMs?: number): FeedRequestError {
  const kind = status === 429 ? 'rateLimited' : status >= 500 ? 'server' : status === 401 ? 'unauthorized' : 'notFound';
  return new FeedRequestError(kind, `refused ${status}`, retryAfterMs === undefined ? { status } : { status, retryAfterMs });
}

/** Lets the stream's reads run: turns of the event loop until `check` holds (at most 1,000), failing loudly. */
export async function until(what: string, check: () => boolean): Promise<void> {
  for (let turn = 0; turn < 1_000 && !check(); turn++) await new Promise<void>((resolve) => setImmediate(resolve));
  if (!check()) throw new Error(`${what} did not happen`);
}

export const ready = (project = 'acme', heartbeatSeconds = 15): string =>
  `event: ready\ndata: ${JSON.stringify({ project, heartbeatSeconds })}\n\n`;

export const change = (kind: string, syncToken: string, project = 'acme'): string =>
  `id: ${syncToken}\nevent: ${kind}\ndata: ${JSON.stringify({ project, syncToken, since: `${syncToken}-before`, at: '2026-12-04T04:00:00.000Z', findingId: 'AP-1', decisionId: 'dec-1' })}\n\n`;
