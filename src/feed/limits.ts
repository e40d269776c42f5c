/**
 * The bounds a running feed holds every client to, with their defaults; each has a flag
 * (cliArgs.ts) and a row in docs/deploy.md.
 */
import type { RateLimitOptions } from './rateLimit';

export interface FeedLimits {
  /** The largest body of a triage or review, in bytes (413 above). */
  maxBodyBytes: number;
  /** Requests per token; undefined: no limit. */
  rateLimit: RateLimitOptions | undefined;
  /** Open event streams on this instance (503 above). */
  maxStreams: number;
  /** Open event streams per token on this instance (429 above). */
  maxStreamsPerToken: number;
  /** The most events a resumed stream replays; further back it says `resync`. */
  maxReplayEvents: number;
  /** Between two heartbeats of an event stream. */
  heartbeatMs: number;
  /** How long a shutdown waits for requests in flight before it drops them. */
  drainMs: number;
}

export const DEFAULT_LIMITS: FeedLimits = {
  maxBodyBytes: 64 * 1024,
  rateLimit: { perSecond: 50, burst: 200 },
  maxStreams: 2000,
  maxStreamsPerToken: 4,
  maxReplayEvents: 1000,
  heartbeatMs: 15_000,
  drainMs: 10_000,
};

/** The heartbeat's bounds: often enough for a balancer's idle timeout of a minute, rarely enough to cost nothing. */
export const HEARTBEAT_SECONDS = { min: 1, max: 60 } as const;
