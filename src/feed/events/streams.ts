/**
 * The event streams open on this instance: counted per token and in all, against their bounds,
 * and closed together (each with a last event) when the instance shuts down.
 */
import type { ShutdownEvent } from '../../shared/feedEvents';
import { FeedHttpError } from '../errors';

/** What the registry needs of an open stream. */
export interface OpenStream {
  readonly tokenId: string;
  /** Sends `event: shutdown` with this data and ends the stream. */
  close(last: ShutdownEvent): void;
}

export class StreamRegistry {
  private readonly open = new Set<OpenStream>();
  private readonly perToken = new Map<string, number>();

  constructor(private readonly bounds: { maxStreams: number; maxStreamsPerToken: number }) {}

  /** Refuses a stream over a bound: 429 past the token's (its other streams are its own doing), 503 past the instance's. */
  check(tokenId: string): void {
    if ((this.perToken.get(tokenId) ?? 0) >= this.bounds.maxStreamsPerToken) {
      throw new FeedHttpError(
        429,
        'too_many_streams',
        `this token already has ${this.bounds.maxStreamsPerToken} event streams open on this instance; close one, or poll`,
        {},
        { 'Retry-After': '30' },
      );
    }
    if (this.open.size >= this.bounds.maxStreams) {
      throw new FeedHttpError(
        503,
        'too_many_streams',
        'this instance has as many event streams open as it takes; poll, and try the stream again later',
        {},
        { 'Retry-After': '30' },
      );
    }
  }

  add(stream: OpenStream): void {
    this.open.add(stream);
    this.perToken.set(stream.tokenId, (this.perToken.get(stream.tokenId) ?? 0) + 1);
  }

  remove(stream: OpenStream): void {
    if (!this.open.delete(stream)) return;
    const left = (this.perToken.get(stream.tokenId) ?? 1) - 1;
    if (left === 0) this.perToken.delete(stream.tokenId);
    else this.perToken.set(stream.tokenId, left);
  }

  get size(): number {
    return this.open.size;
  }

  /** Closes every stream with `last` as its final event. */
  closeAll(last: ShutdownEvent): void {
    for (const stream of [...this.open]) stream.close(last);
  }
}
