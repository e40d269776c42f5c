/**
 * What a triage decision and a lead's review do to the feed's state. Each runs inside the caller's
 * transaction (`tx`); a refusal throws a FeedHttpError and nothing is written. What a check reads
 * is read for update, so the check and the write are one step on every instance.
 */
import { randomUUID } from 'node:crypto';
import type { ReviewRequest, TriageDecision, TriageRequest } from '../shared/feed';
import { FeedHttpError } from './errors';
import type { FeedUser } from './storage/accounts';
import { decisionFromRow } from './storage/decisionsTable';
import type { FeedTables } from './storage/feedStorage';
import type { StoredFinding } from './storage/findingsTable';

/** True when the project belongs to the organization (what another organization has answers as if it did not exist). */
async function inOrganization(tx: FeedTables, project: string, org: string): Promise<boolean> {
  return (await tx.accounts.project(project))?.org === org;
}

/** The finding a user may triage, or the refusal: 404 unknown, raw or of another organization, 403 not a member. */
export async function findingForUser(tx: FeedTables, user: FeedUser, findingId: string): Promise<StoredFinding> {
  const finding = await tx.findings.getForUpdate(findingId);
  if (!finding || finding.raw || !(await inOrganization(tx, finding.project, user.org))) {
    throw new FeedHttpError(404, 'not_found', `no finding ${findingId}`);
  }
  if (!(await tx.accounts.isMember(finding.project, user.id))) {
    throw new FeedHttpError(403, 'forbidden', `you are not a member of project ${finding.project}`);
  }
  return finding;
}

/** Refuses a triage of a withdrawn finding (409) or against a missing or stale revision (412). */
export async function checkTriageable(tx: FeedTables, finding: StoredFinding, ifMatch: string | undefined): Promise<void> {
  if (finding.status === 'withdrawn') {
    throw new FeedHttpError(409, 'finding_withdrawn', `finding ${finding.key} was withdrawn by the feed`);
  }
  if (ifMatch === undefined) {
    throw new FeedHttpError(412, 'if_match_required', 'send If-Match with the revision of the finding you triaged');
  }
  if (ifMatch !== String(finding.revision)) {
    throw new FeedHttpError(412, 'stale_revision', `finding ${finding.key} is at revision ${finding.revision}, not ${ifMatch}`, {
      finding: await tx.findings.wire(finding.key),
    });
  }
}

/** Writes a finding again with a new revision, status and updatedAt. */
export function touchFinding(
  tx: FeedTables,
  finding: StoredFinding,
  changes: { status?: string; latestDecision?: string },
): Promise<StoredFinding> {
  const revision = finding.revision + 1;
  const status = changes.status ?? finding.status;
  const body = { ...finding.body, revision: String(revision), status, updatedAt: new Date().toISOString() };
  return tx.findings.save({
    ...finding,
    revision,
    status,
    latestDecision: changes.latestDecision ?? finding.latestDecision,
    body,
  });
}

/** Records a decision and moves the finding to acknowledged or disputed. */
export async function recordTriage(
  tx: FeedTables,
  user: FeedUser,
  finding: StoredFinding,
  request: TriageRequest,
): Promise<{ decision: TriageDecision; revision: string }> {
  const id = `dec_${randomUUID()}`;
  await tx.decisions.add({
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
  const saved = await touchFinding(tx, finding, { status, latestDecision: id });
  await tx.events.record({
    project: finding.project,
    kind: 'decision',
    changed: { first: saved.seq, last: saved.seq },
    data: { findingId: finding.key, decisionId: id },
  });
  return { decision: decisionFromRow((await tx.decisions.get(id))!), revision: String(saved.revision) };
}

/**
 * Records a lead's review. When it reviews the finding's latest decision, the finding shows it
 * (new revision); a rejection also puts the finding back to open.
 */
export async function recordReview(
  tx: FeedTables,
  lead: FeedUser,
  decisionId: string,
  request: ReviewRequest,
): Promise<{ decision: TriageDecision }> {
  const row = await tx.decisions.getForUpdate(decisionId);
  if (!row || !(await inOrganization(tx, row.d_project, lead.org)))
    throw new FeedHttpError(404, 'not_found', `no triage decision ${decisionId}`);
  if (!(await tx.accounts.isMember(row.d_project, lead.id))) {
    throw new FeedHttpError(403, 'forbidden', `you are not a member of project ${row.d_project}`);
  }
  if (row.r_id) throw new FeedHttpError(409, 'already_reviewed', `decision ${decisionId} was already reviewed`);
  const finding = await tx.findings.getForUpdate(row.d_finding_key);
  if (!finding || finding.status === 'withdrawn') {
    throw new FeedHttpError(409, 'finding_withdrawn', `the finding of decision ${decisionId} was withdrawn by the feed`);
  }
  await tx.decisions.addReview({
    id: `rev_${randomUUID()}`,
    decisionId,
    decision: request.decision,
    comment: request.comment,
    actorId: lead.id,
    actorName: lead.name,
    at: new Date().toISOString(),
  });
  const touched =
    finding.latestDecision === decisionId
      ? await touchFinding(tx, finding, request.decision === 'reject' ? { status: 'open' } : {})
      : undefined;
  await tx.events.record({
    project: finding.project,
    kind: 'review',
    ...(touched ? { changed: { first: touched.seq, last: touched.seq } } : {}),
    data: { findingId: finding.key, decisionId },
  });
  return { decision: decisionFromRow((await tx.decisions.get(decisionId))!) };
}
