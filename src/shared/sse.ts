/**
 * A parser for a text/event-stream (the WHATWG "server-sent events" format), fed text as it
 * arrives in chunks of any size. Pure: the feed's tests and the language server's stream client
 * both use it. Bounded: a line or an event longer than `maxChars` is refused, since the stream
 * comes from a peer.
 */

/** One dispatched event. `id` is the last id the stream set (events without an id keep it). */
export interface SseMessage {
  event: string;
  data: string;
  id: string;
}

/** What else the stream said besides events: a comment line (heartbeats), a `retry:` in milliseconds. */
export interface SseParsed {
  messages: SseMessage[];
  comments: string[];
  retryMs?: number;
}

export class SseTooLarge extends Error {
  constructor(readonly maxChars: number) {
    super(`an event or line of the stream is longer than ${maxChars} characters`);
    this.name = 'SseTooLarge';
  }
}

export class SseParser {
  private pending = '';
  private started = false;
  private lastId = '';
  private eventType = '';
  private data: string[] = [];
  private dataChars = 0;

  constructor(private readonly maxChars = 1_000_000) {}

  /** Takes the next chunk of text; returns what it completed. */
  push(chunk: string): SseParsed {
    const out: SseParsed = { messages: [], comments: [] };
    let text = this.pending + chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let start = 0;
    for (;;) {
      const end = lineEnd(text, start);
      if (end === -1) break;
      // A \r at the very end may be the first half of \r\n: wait for the next chunk.
      if (text[end] === '\r' && end + 1 === text.length) break;
      this.line(text.slice(start, end), out);
      start = end + (text[end] === '\r' && text[end + 1] === '\n' ? 2 : 1);
    }
    this.pending = text.slice(start);
    if (this.pending.length > this.maxChars) throw new SseTooLarge(this.maxChars);
    return out;
  }

  private line(line: string, out: SseParsed): void {
    if (line === '') return this.dispatch(out);
    if (line.startsWith(':')) {
      out.comments.push(line.slice(1).trimStart());
      return;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.eventType = value;
    else if (field === 'data') {
      this.dataChars += value.length + 1;
      if (this.dataChars > this.maxChars) throw new SseTooLarge(this.maxChars);
      this.data.push(value);
    } else if (field === 'id' && !value.includes('\0')) this.lastId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) out.retryMs = Number(value);
  }

  private dispatch(out: SseParsed): void {
    if (this.data.length > 0) out.messages.push({ event: this.eventType || 'message', data: this.data.join('\n'), id: this.lastId });
    this.eventType = '';
    this.data = [];
    this.dataChars = 0;
  }
}

function lineEnd(text: string, from: number): number {
  const n = text.indexOf('\n', from);
  const r = text.indexOf('\r', from);
  if (n === -1) return r;
  if (r === -1) return n;
  return Math.min(n, r);
}

/** One event as the text a server writes: `id`, `event`, then the data one line per `data:` field. */
export function formatSseEvent(event: string, data: string, id?: string): string {
  const idLine = id === undefined ? '' : `id: ${id}\n`;
  return `${idLine}event: ${event}\n${data
    .split(/\r\n|\r|\n/)
    .map((l) => `data: ${l}`)
    .join('\n')}\n\n`;
}
