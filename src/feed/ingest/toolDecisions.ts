/**
 * Suppressions in a log as decisions by the tool (docs/feed-protocol.md, "Suppressions"), in the
 * finding's triage like anyone's: the actor is the tool (`tool:<name>`), a suppression in force is
 * approved by it and a rejected one rejected, so a lead sees only the ones under review as pending.
 * A suppression is recorded once: the same one in a later log adds nothing (a person's later
 * decision stays the latest); a changed one (another justification, another status) is a new decision.
 */
import { randomUUID } from 'node:crypto';
import type { Actor, FindingStatus } from '../../shared/feed';
import type { ToolDecision } from '../sarif/suppressions';
import { decisionFromRow } from '../storage/decisionsTable';
import type { FeedTables } from '../storage/feedStorage';

export function toolActor(tool: string): Actor {
  return { id: `tool:${tool}`, name: tool };
}

function signature(d: Pick<ToolDecision, 'action' | 'reason' | 'comment' | 'review'>): string {
  return JSON.stringify([d.action, d.reason, d.comment, d.review]);
}

/** The decisions of a finding's suppressions that it does not have yet, in log order, each once. */
export async function unrecorded(
  tx: FeedTables,
  findingKey: string,
  tool: string,
  decisions: readonly ToolDecision[],
  isNew: boolean,
): Promise<ToolDecision[]> {
  const recorded = new Set<string>();
  if (!isNew) {
    for (const row of await tx.decisions.byActor(findingKey, toolActor(tool).id)) {
      const d = decisionFromRow(row);
      recorded.add(signature({ ...d, review: d.review?.decision ?? null }));
    }
  }
  return decisions.filter((d) => {
    const s = signature(d);
    if (recorded.has(s)) return false;
    recorded.add(s);
    return true;
  });
}

/** What a finding becomes after `decision`, its latest. */
export function statusAfter(decision: ToolDecision): FindingStatus {
  if (decision.review === 'reject') return 'open';
  return decision.action === 'acknowledge' ? 'acknowledged' : 'disputed';
}

/** Records the decisions (and the tool's review of each that has one); resolves with the id of the last. */
export async function recordToolDecisions(
  tx: FeedTables,
  finding: { key: string; project: string },
  tool: string,
  decisions: readonly ToolDecision[],
  at: string,
): Promise<string> {
  const actor = toolActor(tool);
  let last = '';
  for (const d of decisions) {
    last = `dec_${randomUUID()}`;
    await tx.decisions.add({
      id: last,
      findingId: finding.key,
      project: finding.project,
      action: d.action,
      reason: d.reason,
      comment: d.comment,
      actorId: actor.id,
      actorName: actor.name,
      at,
      codeHash: null,
    });
    if (d.review === null) continue;
    await tx.decisions.addReview({
      id: `rev_${randomUUID()}`,
      decisionId: last,
      decision: d.review,
      comment: d.review === 'approve' ? 'The suppression is in force in the log.' : 'The suppression is rejected in the log.',
      actorId: actor.id,
      actorName: actor.name,
      at,
    });
  }
  return last;
}
