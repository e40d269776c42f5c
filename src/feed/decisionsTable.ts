/**
 * Triage decisions and their reviews. A decision is never changed except to attach its review;
 * a new decision on the same finding becomes that finding's latest.
 */
import type Database from 'better-sqlite3';
import type { Review, TriageDecision } from '../shared/feed';

/** A decision joined with its review, columns prefixed `d_` and `r_`. */
export interface DecisionRow {
  d_ord: number;
  d_id: string;
  d_finding_key: string;
  d_project: string;
  d_action: string;
  d_reason: string;
  d_comment: string;
  d_actor_id: string;
  d_actor_name: string;
  d_at: string;
  d_code_hash: string | null;
  r_id: string | null;
  r_decision: string | null;
  r_comment: string | null;
  r_actor_id: string | null;
  r_actor_name: string | null;
  r_at: string | null;
}

/** The columns of DecisionRow, for a query that joins `decisions d` and `reviews r`. */
export const DECISION_COLUMNS = [
  'd.ord AS d_ord',
  'd.id AS d_id',
  'd.finding_key AS d_finding_key',
  'd.project AS d_project',
  'd.action AS d_action',
  'd.reason AS d_reason',
  'd.comment AS d_comment',
  'd.actor_id AS d_actor_id',
  'd.actor_name AS d_actor_name',
  'd.at AS d_at',
  'd.code_hash AS d_code_hash',
  'r.id AS r_id',
  'r.decision AS r_decision',
  'r.comment AS r_comment',
  'r.actor_id AS r_actor_id',
  'r.actor_name AS r_actor_name',
  'r.at AS r_at',
].join(', ');

export function reviewFromRow(row: DecisionRow): Review | null {
  if (!row.r_id) return null;
  return {
    id: row.r_id,
    decision: row.r_decision as Review['decision'],
    comment: row.r_comment ?? '',
    actor: { id: row.r_actor_id ?? '', name: row.r_actor_name ?? '' },
    at: row.r_at ?? '',
  };
}

export function decisionFromRow(row: DecisionRow): TriageDecision {
  const decision: TriageDecision = {
    id: row.d_id,
    findingId: row.d_finding_key,
    action: row.d_action as TriageDecision['action'],
    reason: row.d_reason,
    comment: row.d_comment,
    actor: { id: row.d_actor_id, name: row.d_actor_name },
    at: row.d_at,
    review: reviewFromRow(row),
  };
  if (row.d_code_hash !== null) decision.codeHash = row.d_code_hash;
  return decision;
}

/** Which decisions a lead's list shows. */
export type TriageListState = 'pending' | 'reviewed' | 'all';

const SELECT = `SELECT ${DECISION_COLUMNS} FROM decisions d LEFT JOIN reviews r ON r.id = d.review_id`;
// Pending means: not reviewed and still the finding's latest decision (a superseded one awaits nothing).
const LIST_WHERE: Record<TriageListState, string> = {
  pending: `d.review_id IS NULL AND d.id = (SELECT latest_decision FROM findings f WHERE f.key = d.finding_key)`,
  reviewed: 'd.review_id IS NOT NULL',
  all: '1 = 1',
};

export class DecisionsTable {
  private readonly insertDecision;
  private readonly insertReview;
  private readonly attachReview;
  private readonly byId;
  private readonly lists: Record<TriageListState, Database.Statement<[string], DecisionRow>>;
  private readonly allOf;
  private readonly all;
  private readonly reviewsOf;
  private readonly allReviews;

  constructor(db: Database.Database) {
    this.insertDecision = db.prepare(
      `INSERT INTO decisions (id, finding_key, project, action, reason, comment, actor_id, actor_name, at, code_hash)
       VALUES (@id, @findingId, @project, @action, @reason, @comment, @actorId, @actorName, @at, @codeHash)`,
    );
    this.insertReview = db.prepare(
      `INSERT INTO reviews (id, decision_id, decision, comment, actor_id, actor_name, at)
       VALUES (@id, @decisionId, @decision, @comment, @actorId, @actorName, @at)`,
    );
    this.attachReview = db.prepare('UPDATE decisions SET review_id = ? WHERE id = ?');
    this.byId = db.prepare<[string], DecisionRow>(`${SELECT} WHERE d.id = ?`);
    const list = (where: string) =>
      db.prepare<[string], DecisionRow>(`${SELECT} WHERE d.project = ? AND ${where} ORDER BY (d.review_id IS NULL) DESC, d.ord DESC`);
    this.lists = { pending: list(LIST_WHERE.pending), reviewed: list(LIST_WHERE.reviewed), all: list(LIST_WHERE.all) };
    this.allOf = db.prepare<[string], DecisionRow>(`${SELECT} WHERE d.project = ? ORDER BY d.ord`);
    this.all = db.prepare<[], DecisionRow>(`${SELECT} ORDER BY d.ord`);
    this.reviewsOf = db.prepare<[string], Review & { decisionId: string }>(
      `SELECT r.id, r.decision_id AS decisionId, r.decision, r.comment, r.actor_id, r.actor_name, r.at
       FROM reviews r JOIN decisions d ON d.id = r.decision_id WHERE d.project = ? ORDER BY r.ord`,
    );
    this.allReviews = db.prepare<[], Review & { decisionId: string }>(
      'SELECT r.id, r.decision_id AS decisionId, r.decision, r.comment, r.actor_id, r.actor_name, r.at FROM reviews r ORDER BY r.ord',
    );
  }

  add(d: {
    id: string;
    findingId: string;
    project: string;
    action: string;
    reason: string;
    comment: string;
    actorId: string;
    actorName: string;
    at: string;
    codeHash: string | null;
  }): void {
    this.insertDecision.run(d);
  }

  addReview(r: {
    id: string;
    decisionId: string;
    decision: string;
    comment: string;
    actorId: string;
    actorName: string;
    at: string;
  }): void {
    this.insertReview.run(r);
    this.attachReview.run(r.id, r.decisionId);
  }

  get(id: string): DecisionRow | undefined {
    return this.byId.get(id);
  }

  list(project: string, state: TriageListState): DecisionRow[] {
    return this.lists[state].all(project);
  }

  /** Every decision (of a project, or of all), oldest first, with its review. */
  decisions(project?: string): TriageDecision[] {
    return (project === undefined ? this.all.all() : this.allOf.all(project)).map(decisionFromRow);
  }

  /** Every review (of a project, or of all), oldest first, naming the decision it reviews. */
  reviews(project?: string): Array<Review & { decisionId: string }> {
    const rows = (project === undefined ? this.allReviews.all() : this.reviewsOf.all(project)) as unknown as Array<Record<string, string>>;
    return rows.map((r) => ({
      id: r.id,
      decisionId: r.decisionId,
      decision: r.decision as Review['decision'],
      comment: r.comment,
      actor: { id: r.actor_id, name: r.actor_name },
      at: r.at,
    }));
  }
}
