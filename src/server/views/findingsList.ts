/**
 * The findings as the Findings tree and the triage panel ask for them: every finding as a row
 * (`listFindings`), and one finding whole with its history and where it is drawn (`getFinding`).
 */
import type { TriageDecision } from '../../shared/feed';
import type { FindingDetails, FindingListItem, OutboxEntryView } from '../../shared/protocol';
import type { FindingStore, StoredFinding } from '../findings/store';
import { listItem } from './fileView';
import type { Placement, PlacementDocument } from './placement';

/** What the list reads from the session. */
export interface ListSource {
  store: FindingStore;
  /** Every decision known on a finding, newest first. */
  historyOf(id: string): TriageDecision[];
  /** Where the anchor engine placed a finding of an open file; undefined for a closed file. */
  anchored(uri: string, id: string): Placement | undefined;
  /** The open document at `uri`, if it is open. */
  document(uri: string): PlacementDocument | undefined;
  /** Whether the finding's decision needs a re-review (see decisions/reReview.ts). */
  needsReReview(stored: StoredFinding): boolean;
  /** Each finding's newest outbox entry. */
  newestEntries(): Map<string, OutboxEntryView>;
}

/** Every finding as a row, with the newest outbox entry about it. */
export function findingRows(source: ListSource): FindingListItem[] {
  const newest = source.newestEntries();
  return [...source.store.all()].map((stored) => {
    const row = findingRow(source, stored);
    const entry = newest.get(stored.finding.id);
    if (entry)
      row.outbox =
        entry.message === undefined ? { id: entry.id, state: entry.state } : { id: entry.id, state: entry.state, message: entry.message };
    return row;
  });
}

/** One finding whole, for the details panel; null when the store does not hold it. */
export function findingDetails(source: ListSource, id: string): FindingDetails | null {
  const stored = source.store.get(id);
  if (!stored) return null;
  const details: FindingDetails = { finding: source.store.full(stored), uri: stored.resolution.ok ? stored.resolution.uri : null };
  const history = source.historyOf(id);
  if (history.length > 0) details.history = history;
  const placement = details.uri === null ? undefined : source.anchored(details.uri, id);
  if (placement) details.anchor = { state: placement.state, confidence: placement.confidence ?? 1, reason: placement.reason ?? '' };
  return details;
}

function findingRow(source: ListSource, stored: StoredFinding): FindingListItem {
  if (!stored.resolution.ok) return listItem(stored, undefined);
  const uri = stored.resolution.uri;
  return listItem(stored, source.document(uri), source.anchored(uri, stored.finding.id), source.needsReReview(stored));
}
