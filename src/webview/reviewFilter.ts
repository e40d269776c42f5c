/**
 * The lead's Review tab: which decisions to show and in what order (pending first, then newest).
 */
import type { Severity } from '../shared/feed';
import type { ReviewListEntry } from '../shared/webview';

/** Where a decision stands with the lead. */
export type ReviewStatus = 'pending' | 'approved' | 'rejected';

export interface ReviewFilter {
  /** Actor id or a substring of the actor's name, case-insensitive; '' for anyone. */
  person: string;
  status: ReviewStatus | '';
  severity: Severity | '';
  reason: string;
}

export const EMPTY_REVIEW_FILTER: ReviewFilter = { person: '', status: '', severity: '', reason: '' };

export function reviewStatus(entry: ReviewListEntry): ReviewStatus {
  if (entry.review === null) return 'pending';
  return entry.review.decision === 'approve' ? 'approved' : 'rejected';
}

export function filterReviewList(entries: readonly ReviewListEntry[], f: ReviewFilter): ReviewListEntry[] {
  const person = f.person.trim().toLowerCase();
  return entries.filter(
    (e) =>
      (!person || e.actor.id.toLowerCase() === person || e.actor.name.toLowerCase().includes(person)) &&
      (!f.status || reviewStatus(e) === f.status) &&
      (!f.severity || e.finding.severity === f.severity) &&
      (!f.reason || e.reason === f.reason),
  );
}

/** Pending first, then newest first (ISO timestamps compare as strings). */
export function sortReviewList(entries: readonly ReviewListEntry[]): ReviewListEntry[] {
  return entries.slice().sort((a, b) => {
    const pa = a.review === null ? 0 : 1;
    const pb = b.review === null ? 0 : 1;
    return pa - pb || (a.at < b.at ? 1 : a.at > b.at ? -1 : 0);
  });
}

/** The people who made decisions in the list, for the person filter's options. */
export function peopleIn(entries: readonly ReviewListEntry[]): { id: string; name: string }[] {
  const byId = new Map<string, string>();
  for (const e of entries) byId.set(e.actor.id, e.actor.name);
  return [...byId].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
}
