/**
 * What the syncs of one feed and project remember between them. It lives in that feed's session
 * (session/feedSession.ts): another feed or project starts with a fresh one, nothing carried over.
 */
import type { SyncNotice } from '../../shared/protocol';
import type { SyncCursor } from '../feed/sync';
import { FeedWait } from './feedWait';

export interface SyncMemory {
  /** Where the feed's listing was left: the next sync is incremental from here; undefined, a full sync. */
  cursor: SyncCursor | undefined;
  /** What the last sync had to cut, drop or wait for (see syncNotices.ts). */
  notices: SyncNotice[];
  /** The wait a 429 asked for: Sync Now answers at once while it lasts. */
  feedWait: FeedWait;
  /** The token the feed answered 401 to: the poll does not try it again. */
  refusedToken: string | null;
  /** Since when the feed has been unreachable, while it is. */
  offlineSince: Date | undefined;
  /**
   * The store holds only what a cold full sync showed before its end: the open files' first look
   * (firstLook.ts) or the files a path-ordered listing completed early (earlyShown.ts). The sync's
   * end announces none of it as new, and a failed sync leaves it shown.
   */
  shownBeforeSync: boolean;
  /**
   * The store holds only the cache's first look (session/cacheLook.ts): the whole cache still
   * replaces it, and the sync after it announces nothing new.
   */
  cacheLookShown: boolean;
}

export function newSyncMemory(): SyncMemory {
  return {
    cursor: undefined,
    notices: [],
    feedWait: new FeedWait(),
    refusedToken: null,
    offlineSince: undefined,
    shownBeforeSync: false,
    cacheLookShown: false,
  };
}
