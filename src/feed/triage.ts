/**
 * What a triage decision and a lead's review do to the feed's state. Each runs inside the caller's
 * transaction; a refusal throws a FeedHttpError and nothing is written.
 */
import { randomUUID } from 'node:crypto';
import type { ReviewRequest, TriageDecision, TriageRequest } from '../shared/feed';
import { decisionFromRow } from './decisionsTable';
import type { FeedUser } from './accounts';
import { FeedHttpError } from './errors';
import type { StoredFinding } from './findingsTable';
import type { FeedStore } from './store';

/** The finding a user may triage, or the refusal: 404 unknown (or raw), 403 not a member. */
export function findingForUser(store: FeedStore, user: FeedUser, findingId: string): StoredFinding {
  const finding = store.findings.get(findingId);
  if (!finding || finding.raw) throw new FeedHttpError(404, 'not_found', `no finding ${findingId}`);
  if (!store.accounts.isMember(finding.project, user.id)) {
    throw new FeedHttpError(403, 'forbidden', `you are not a member of project ${finding.project}`);
  }
  return finding;
}

/** Refuses a triage of a withdrawn finding (409) or against a missing or stale revision (412). */
export function checkTriageable(store: FeedStore, finding: StoredFinding, ifMatch: string | undefined): void {
  if (finding.status === 'withdrawn') {
    throw new FeedHttpError(409, 'finding_withdrawn', `finding ${finding.key} was withdrawn by the feed`);
  }
  if (ifMatch === undefined) {
    throw new FeedHttpError(412, 'if_match_required', 'send If-Match with the revision of the finding you triaged');
  }
  if (ifMatch !== String(finding.revision)) {
    throw new FeedHttpError(412, 'stale_revision', `finding ${finding.key} is at revision ${finding.revision}, not ${ifMatch}`, {
      finding: store.findings.wire(finding.key),
    });
  }
}

/** Writes a finding again with a new revision, status and updatedAt. */
export function touchFinding(
  store: FeedStore,
  finding: StoredFinding,
  changes: { status?: string; latestDecision?: string },
): StoredFinding {
  const revision = finding.revision + 1;
  const status = changes.status ?? finding.status;
  const body = { ...finding.body, revision: String(revision), status, updatedAt: new Date().toISOString() };
  return store.findings.save({
    ...finding,
    revision,
    status,
    latestDecision: changes.latestDecision ?? finding.latestDecision,
    body,
  });
}

/** Records a decision and moves the finding to acknowledged or disputed. */
export function recordTriage(
  store: FeedStore,
  user: FeedUser,
  finding: StoredFinding,
  request: TriageRequest,
): { decision: TriageDecision; revision: string } {
  const id = `dec_${randomUUID()}`;
  store.decisions.add({
    id,
    findingId: finding.key,
    project: finding.project,
    action: request.action,
    reason: request.reason,
    comment: request.comment,
    actorId: user.id,
    actorName: user.name,
    at: new Date().toISOString(),
    codeHash: request.codeHash ?? null,
  });
  const status = request.action === 'acknowledge' ? 'acknowledged' : 'disputed';
  const saved = touchFinding(store, finding, { status, latestDecision: id });
  return { decision: decisionFromRow(store.decisions.get(id)!), revision: String(saved.revision) };
}

/**
 * Records a lead's review. When it reviews the finding's latest decision, the finding shows it
 * (new revision); a rejection also puts the finding back to open.
 */
export function recordReview(store: FeedStore, lead: FeedUser, decisionId: string, request: ReviewRequest): { decision: TriageDecision } {
  const row = store.decisions.get(decisionId);
  if (!row) throw new FeedHttpError(404, 'not_found', `no triage decision ${decisionId}`);
  if (!store.accounts.isMember(row.d_project, lead.id)) {
    throw new FeedHttpError(403, 'forbidden', `you are not a member of project ${row.d_project}`);
  }
  if (row.r_id) throw new FeedHttpError(409, 'already_reviewed', `decision ${decisionId} was already reviewed`);
  const finding = store.findings.get(row.d_finding_key);
  if (!finding || finding.status === 'withdrawn') {
    throw new FeedHttpError(409, 'finding_withdrawn', `the finding of decision ${decisionId} was withdrawn by the feed`);
  }
  store.decisions.addReview({
    id: `rev_${randomUUID()}`,
    decisionId,
    decision: request.decision,
    comment: request.comment,
    actorId: lead.id,
    actorName: lead.name,
    at: new Date().toISOString(),
  });
  if (finding.latestDecision === decisionId) {
    touchFinding(store, finding, request.decision === 'reject' ? { status: 'open' } : {});
  }
  return { decision: decisionFromRow(store.decisions.get(decisionId)!) };
}
