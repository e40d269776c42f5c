/**
 * What a sync that brought findings does to its session: the store takes them (all of them after a
 * full sync, the changes after an incremental one), each decision seen joins the history, the
 * findings that failed validation are set aside, and the cursor moves on. What it changes is read
 * before the store takes it, for the client's "N new" message.
 */
import type { SyncChanges } from '../../shared/protocol';
import type { SyncOutcome } from '../feed/sync';
import type { ApplyResult, PreparedFinding } from '../findings/store';
import { syncChanges } from '../sync/syncChanges';
import type { FeedSession, Log } from './feedSession';

/** A sync outcome that brought findings (see sync/syncState.ts changesNothing for the others). */
export type Brought = Extract<SyncOutcome<PreparedFinding>, { findings: unknown }>;

export function takeSync(session: FeedSession, outcome: Brought, log: Log): { result: ApplyResult; changes: SyncChanges | undefined } {
  // Links made since the last sync are seen now (the cache of where paths lead lives one sync).
  session.files.lookAgain();
  // What a first look showed (the feed's or the cache's) is not news: the full sync after it is still the feed's first.
  const changes = session.sync.shownBeforeSync || session.sync.cacheLookShown ? undefined : changesOf(session, outcome);
  session.sync.shownBeforeSync = false;
  session.sync.cacheLookShown = false;
  const { store, invalid } = session;
  const result = outcome.kind === 'full' ? store.replaceAll(outcome.findings) : store.applyChanges(outcome.findings);
  for (const { finding } of outcome.findings) if (finding.triage) session.history.record(finding.triage);
  if (outcome.kind === 'full') invalid.replace(outcome.invalid);
  else
    invalid.apply(
      outcome.invalid,
      outcome.findings.map((f) => f.finding.id),
    );
  for (const bad of outcome.invalid) log('warn', `invalid finding ${bad.id ?? '(no id)'} set aside: ${bad.problem}`);
  session.sync.cursor = outcome.cursor;
  return { result, changes };
}

/** What the sync changes, read before the store takes it (syncChanges.ts); nothing on a feed's first sync. */
function changesOf(session: FeedSession, outcome: Brought): SyncChanges | undefined {
  const { store } = session;
  if (store.size === 0) return undefined;
  const incoming = outcome.findings.map((f) => f.finding);
  const sent = outcome.kind === 'full' ? new Set(incoming.map((f) => f.id)) : undefined;
  const gone = sent ? [...store.all()].filter((s) => !sent.has(s.finding.id)).map((s) => s.finding) : [];
  return syncChanges(incoming, (id) => store.get(id)?.finding, gone);
}
