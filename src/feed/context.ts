/**
 * What every request handler of the feed can reach.
 */
import type { EventHub } from './events/hub';
import type { StreamRegistry } from './events/streams';
import type { Faults } from './faults';
import type { FeedLimits } from './limits';
import type { FeedLogger } from './logger';
import type { RateLimiter } from './rateLimit';
import type { RequestLog } from './requestLog';
import type { FeedStorage } from './storage/feedStorage';

export interface FeedContext {
  storage: FeedStorage;
  faults: Faults;
  requests: RequestLog;
  /** Findings per page when a client gives no `limit`. */
  pageSize: number;
  limits: FeedLimits;
  logger: FeedLogger;
  /** Changes announced by every instance on the database, for the event streams. */
  events: EventHub;
  streams: StreamRegistry;
  rateLimiter: RateLimiter | undefined;
  /** True once a shutdown has begun: /readyz says so, answers close their connection. */
  draining: boolean;
}

/** The most findings one page may hold, whatever `limit` asks. */
export const MAX_PAGE_SIZE = 1000;
