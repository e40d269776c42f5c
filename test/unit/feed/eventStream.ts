/**
 * An event stream of the feed as a test reads it: opened with fetch, parsed with the shared SSE
 * parser, and waited on by event (never by sleeping): `next('decision')` resolves with the next
 * event of that name, or fails loudly after a timeout.
 */
import { SseParser, type SseMessage } from '../../../src/shared/sse';

export interface TestStream {
  status: number;
  headers: Headers;
  /** The JSON error of a refused stream. */
  body?: any;
  /** Every event so far, in order. */
  events: SseMessage[];
  comments: string[];
  /** The next event (of `name`, when given) not yet taken by `next`. */
  next(name?: string, timeoutMs?: number): Promise<SseMessage & { json: any }>;
  /** Resolves once `count` comment lines (heartbeats) have arrived. */
  comment(count: number, timeoutMs?: number): Promise<void>;
  /** Resolves when the feed ends the stream. */
  ended: Promise<void>;
  close(): void;
}

export async function openStream(url: string, token: string, project: string, headers: Record<string, string> = {}): Promise<TestStream> {
  const abort = new AbortController();
  const res = await fetch(`${url}/v1/projects/${encodeURIComponent(project)}/events`, {
    headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream', ...headers },
    signal: abort.signal,
  });
  const body = res.ok ? undefined : JSON.parse(await res.text());
  const parser = new SseParser();
  const events: SseMessage[] = [];
  const comments: string[] = [];
  let taken = 0;
  let wake: () => void = () => undefined;
  let done = false;
  const ended = (async () => {
    if (!res.ok || !res.body) {
      done = true;
      return;
    }
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        const parsed = parser.push(decoder.decode(chunk, { stream: true }));
        events.push(...parsed.messages);
        comments.push(...parsed.comments);
        wake();
      }
    } catch {
      // Aborted by close(), or the feed dropped the connection: both end the stream.
    } finally {
      done = true;
      wake();
    }
  })();
  const until = async (ready: () => boolean, what: string, timeoutMs: number): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!ready()) {
      if (done) throw new Error(`the stream ended before ${what}; events: ${JSON.stringify(events)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${what} within ${timeoutMs} ms; events: ${JSON.stringify(events)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  };
  return {
    status: res.status,
    headers: res.headers,
    body,
    events,
    comments,
    ended,
    async next(name, timeoutMs = 5000) {
      const find = () => events.findIndex((e, i) => i >= taken && (name === undefined || e.event === name));
      await until(() => find() !== -1, `event ${name ?? '(any)'}`, timeoutMs);
      const index = find();
      taken = index + 1;
      const event = events[index]!;
      return { ...event, json: JSON.parse(event.data) };
    },
    async comment(count, timeoutMs = 5000) {
      await until(() => comments.length >= count, `${count} comment lines`, timeoutMs);
    },
    close: () => abort.abort(),
  };
}
