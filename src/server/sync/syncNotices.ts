/**
 * What the status says a sync had to cut, drop or wait for (the README's Limits): one sentence
 * each, with what was kept and, for a bound a large feed may really pass, the setting that raises it.
 */
import type { SyncNotice } from '../../shared/protocol';
import type { FailureInfo } from './syncState';

const SETTINGS: Partial<Record<SyncNotice['kind'], string>> = {
  pagesPerSync: 'findingsLens.feed.maxPagesPerSync',
  findingsPerSync: 'findingsLens.feed.maxFindingsPerSync',
  responseBytes: 'findingsLens.feed.maxResponseMegabytes',
};

/** The notice of a sync stopped at a bound, or undefined for any other failure. */
export function stopNotice(failure: FailureInfo): SyncNotice | undefined {
  if (failure.kind !== 'limit' || failure.limit === undefined) return undefined;
  const notice: SyncNotice = {
    kind: failure.limit,
    message: `Sync stopped: ${failure.message}. The findings of the last good sync stay shown.`,
  };
  const setting = SETTINGS[failure.limit];
  if (setting !== undefined) notice.setting = setting;
  return notice;
}

/** The feed asked for a longer wait than is honoured: what it asked, and when the next try is. */
export function retryAfterNotice(askedMs: number, waitedMs: number, retryAt: string): SyncNotice {
  return {
    kind: 'retryAfter',
    message: `The feed asked to wait ${Math.round(askedMs / 1000)} s (Retry-After); waiting ${Math.round(waitedMs / 1000)} s at most, next try at ${retryAt}. The findings shown are kept.`,
  };
}

/** Ids that came more than once in one sync: each finding is counted and shown once. */
export function duplicatesNotice(dropped: number): SyncNotice {
  const what = dropped === 1 ? '1 finding was' : `${dropped} findings were`;
  return {
    kind: 'duplicateIds',
    message: `${what} sent more than once in one sync (same id); duplicates were dropped: each finding is counted and shown once.`,
  };
}

/** HH:MM in this machine's time zone (where the editor runs), as the status bar shows times. */
export function clockTime(at: Date): string {
  return `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
}
