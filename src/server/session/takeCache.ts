/**
 * What the findings cache does to a session that has shown nothing yet: its findings are shown
 * until the first sync ends, and the sync goes on from the cache's cursor. When a cached finding no
 * longer matches the contract, the cursor is not taken: an incremental sync would never bring it
 * back (it did not change), so everything is synced again and the cache rewritten.
 */
import type { PreparedFinding } from '../findings/store';
import { releaseWhenIdle, type MemoryRelease } from '../findings/memoryRelease';
import type { CachedFindings } from '../storage/cache';
import type { FeedSession, Log } from './feedSession';

export async function takeCache(
  session: FeedSession,
  cached: CachedFindings<PreparedFinding>,
  env: { log: Log; memory: MemoryRelease },
): Promise<void> {
  // A sync got there first: the cache is older than what is shown (its own first look is not a sync).
  if (session.sync.cursor !== undefined || (session.store.size > 0 && !session.sync.cacheLookShown)) return;
  env.log('info', `showing ${cached.findings.length} cached finding(s) until the sync ends`);
  if (cached.invalid.length === 0) {
    session.sync.cursor = cached.cursor;
    session.cache.adopt(cached.journal);
  } else {
    const first = cached.invalid[0]!;
    env.log(
      'warn',
      `${cached.invalid.length} cached finding(s) no longer match the feed contract (first: ${first.id ?? '(no id)'}: ${first.problem}); syncing everything again`,
    );
  }
  for (const { finding } of cached.findings) if (finding.triage) session.history.record(finding.triage);
  session.files.lookAgain();
  const result = session.store.replaceAll(cached.findings);
  session.sync.cacheLookShown = false;
  await session.storeChanged(result);
  // Reading the cache left garbage in proportion to its size (see memoryRelease.ts).
  env.memory.note(cached.journal.validBytes);
  releaseWhenIdle(env.memory, session.cache.idle(), 'loading the cache', env.log);
}
