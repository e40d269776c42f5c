/**
 * Triage decisions and their reviews. A decision is never changed except to attach its review;
 * a new decision on the same finding becomes that finding's latest.
 */
import type { Review, TriageDecision } from '../../shared/feed';
import { outsideTransaction, rowsOfProject, type SqlSession } from './sql';

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
// Quoted aliases: PostgreSQL folds unquoted names to lower case.
const SELECT_REVIEWS = `SELECT r.id, r.decision_id AS "decisionId", r.decision, r.comment, r.actor_id, r.actor_name, r.at
  FROM reviews r JOIN decisions d ON d.id = r.decision_id`;

/** A new decision, as `add` stores it. */
export interface NewDecision {
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
}

/** A new review, as `addReview` stores it. */
export interface NewReview {
  id: string;
  decisionId: string;
  decision: string;
  comment: string;
  actorId: string;
  actorName: string;
  at: string;
}

interface ReviewRow {
  id: string;
  decisionId: string;
  decision: string;
  comment: string;
  actor_id: string;
  actor_name: string;
  at: string;
}

export class DecisionsTable {
  constructor(private readonly sql: SqlSession) {}

  async add(d: NewDecision): Promise<void> {
    await this.sql.run(
      `INSERT INTO decisions (id, finding_key, project, action, reason, comment, actor_id, actor_name, at, code_hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [d.id, d.findingId, d.project, d.action, d.reason, d.comment, d.actorId, d.actorName, d.at, d.codeHash],
    );
  }

  async addReview(r: NewReview): Promise<void> {
    await this.sql.run(`INSERT INTO reviews (id, decision_id, decision, comment, actor_id, actor_name, at) VALUES (?, ?, ?, ?, ?, ?, ?)`, [
      r.id,
      r.decisionId,
      r.decision,
      r.comment,
      r.actorId,
      r.actorName,
      r.at,
    ]);
    await this.sql.run('UPDATE decisions SET review_id = ? WHERE id = ?', [r.id, r.decisionId]);
  }

  get(id: string): Promise<DecisionRow | undefined> {
    return this.sql.get<DecisionRow>(`${SELECT} WHERE d.id = ?`, [id]);
  }

  /** The decision a review is about to depend on (is it reviewed yet?), read with the change lock held. */
  async getForUpdate(id: string): Promise<DecisionRow | undefined> {
    if (!this.sql.inTransaction) throw outsideTransaction('decisions.getForUpdate');
    await this.sql.changes.lock();
    return this.get(id);
  }

  /** The decisions one actor recorded on one finding, oldest first. */
  byActor(findingKey: string, actorId: string): Promise<DecisionRow[]> {
    return this.sql.all<DecisionRow>(`${SELECT} WHERE d.finding_key = ? AND d.actor_id = ? ORDER BY d.ord`, [findingKey, actorId]);
  }

  list(project: string, state: TriageListState): Promise<DecisionRow[]> {
    return this.sql.all<DecisionRow>(
      `${SELECT} WHERE d.project = ? AND ${LIST_WHERE[state]} ORDER BY (d.review_id IS NULL) DESC, d.ord DESC`,
      [project],
    );
  }

  /** Every decision (of a project, or of all), oldest first, with its review. */
  async decisions(project?: string): Promise<TriageDecision[]> {
    return (await rowsOfProject<DecisionRow>(this.sql, SELECT, 'd.project', 'd.ord', project)).map(decisionFromRow);
  }

  /** Every review (of a project, or of all), oldest first, naming the decision it reviews. */
  async reviews(project?: string): Promise<Array<Review & { decisionId: string }>> {
    const rows = await rowsOfProject<ReviewRow>(this.sql, SELECT_REVIEWS, 'd.project', 'r.ord', project);
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
