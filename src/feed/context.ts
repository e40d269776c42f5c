/**
 * What every request handler of the feed can reach.
 */
import type { Faults } from './faults';
import type { RequestLog } from './requestLog';
import type { FeedStorage } from './storage/feedStorage';

export interface FeedContext {
  storage: FeedStorage;
  faults: Faults;
  requests: RequestLog;
  /** Findings per page when a client gives no `limit`. */
  pageSize: number;
  /** One human-readable line (requests, errors); never a token. */
  log(line: string): void;
}

/** The most findings one page may hold, whatever `limit` asks. */
export const MAX_PAGE_SIZE = 1000;
