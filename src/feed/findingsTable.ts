/**
 * The findings table: one row per finding (or raw test value), its place in the change sequence,
 * and the JSON body as the feed sends it (without `triage`, which is joined in from the latest
 * decision when read).
 */
import type Database from 'better-sqlite3';
import type { TriageDecision } from '../shared/feed';
import { type DecisionRow, DECISION_COLUMNS, decisionFromRow } from './decisionsTable';

/** A finding row as stored. `body` is the finding without `triage` (or the raw value). */
export interface StoredFinding {
  key: string;
  project: string;
  seq: number;
  revision: number;
  status: string;
  raw: boolean;
  latestDecision: string | null;
  body: Record<string, unknown>;
}

interface FindingRow {
  key: string;
  project: string;
  seq: number;
  revision: number;
  status: string;
  raw: number;
  latest_decision: string | null;
  body: string;
}

type JoinedRow = FindingRow & Partial<DecisionRow>;

const SELECT_JOINED = `
  SELECT f.*, ${DECISION_COLUMNS}
  FROM findings f
  LEFT JOIN decisions d ON d.id = f.latest_decision
  LEFT JOIN reviews r ON r.id = d.review_id`;

/** Which slice of a project's change sequence a page reads. */
export interface PageQuery {
  project: string;
  after: number;
  upto: number;
  incremental: boolean;
  limit: number;
}

export class FindingsTable {
  private readonly bump;
  private readonly current;
  private readonly byKey;
  private readonly joinedByKey;
  private readonly insert;
  private readonly update;
  private readonly maxSeqOf;
  private readonly fullPage;
  private readonly incrementalPage;
  private readonly allOf;
  private readonly allRows;

  constructor(db: Database.Database) {
    this.bump = db.prepare<[], { value: number }>("UPDATE counters SET value = value + 1 WHERE name = 'seq' RETURNING value");
    this.current = db.prepare<[], { value: number }>("SELECT value FROM counters WHERE name = 'seq'");
    this.byKey = db.prepare<[string], FindingRow>('SELECT * FROM findings WHERE key = ?');
    this.joinedByKey = db.prepare<[string], JoinedRow>(`${SELECT_JOINED} WHERE f.key = ?`);
    this.insert = db.prepare(
      'INSERT INTO findings (key, project, seq, revision, status, raw, latest_decision, body) VALUES (@key, @project, @seq, @revision, @status, @raw, @latestDecision, @body)',
    );
    this.update = db.prepare(
      'UPDATE findings SET project = @project, seq = @seq, revision = @revision, status = @status, raw = @raw, latest_decision = @latestDecision, body = @body WHERE key = @key',
    );
    this.maxSeqOf = db.prepare<[string], { m: number | null }>('SELECT MAX(seq) AS m FROM findings WHERE project = ?');
    this.fullPage = db.prepare<[string, number, number, number], JoinedRow>(
      `${SELECT_JOINED} WHERE f.project = ? AND f.seq > ? AND f.seq <= ? AND f.status != 'withdrawn' ORDER BY f.seq LIMIT ?`,
    );
    this.incrementalPage = db.prepare<[string, number, number, number], JoinedRow>(
      `${SELECT_JOINED} WHERE f.project = ? AND f.seq > ? AND f.seq <= ? ORDER BY f.seq LIMIT ?`,
    );
    this.allOf = db.prepare<[string], JoinedRow>(`${SELECT_JOINED} WHERE f.project = ? ORDER BY f.seq`);
    this.allRows = db.prepare<[], JoinedRow>(`${SELECT_JOINED} ORDER BY f.seq`);
  }

  /** Moves the change sequence on by one and returns the new position. */
  nextSeq(): number {
    return this.bump.get()!.value;
  }

  /** The latest position of the change sequence, over all projects. */
  currentSeq(): number {
    return this.current.get()!.value;
  }

  /** The latest position of one project's findings (0 when it has none). */
  maxSeq(project: string): number {
    return this.maxSeqOf.get(project)?.m ?? 0;
  }

  get(key: string): StoredFinding | undefined {
    const row = this.byKey.get(key);
    return row ? fromRow(row) : undefined;
  }

  /** The finding as the feed sends it, with its latest decision. */
  wire(key: string): unknown {
    const row = this.joinedByKey.get(key);
    return row ? wireFinding(row) : undefined;
  }

  /** Writes a row, taking a new place at the end of the change sequence. */
  save(finding: Omit<StoredFinding, 'seq'>): StoredFinding {
    const stored = { ...finding, seq: this.nextSeq() };
    const params = {
      ...stored,
      raw: stored.raw ? 1 : 0,
      body: JSON.stringify(stored.body),
    };
    if (this.byKey.get(finding.key)) this.update.run(params);
    else this.insert.run(params);
    return stored;
  }

  /** One page, as the feed sends findings; reads `limit + 1` rows so the caller knows if more follow. */
  page(q: PageQuery): Array<{ seq: number; finding: unknown }> {
    const stmt = q.incremental ? this.incrementalPage : this.fullPage;
    return stmt.all(q.project, q.after, q.upto, q.limit + 1).map((row) => ({ seq: row.seq, finding: wireFinding(row) }));
  }

  /** Every finding of a project (or of all projects), tombstones included. */
  all(project?: string): unknown[] {
    const rows = project === undefined ? this.allRows.all() : this.allOf.all(project);
    return rows.map(wireFinding);
  }
}

function fromRow(row: FindingRow): StoredFinding {
  return {
    key: row.key,
    project: row.project,
    seq: row.seq,
    revision: row.revision,
    status: row.status,
    raw: row.raw === 1,
    latestDecision: row.latest_decision,
    body: JSON.parse(row.body) as Record<string, unknown>,
  };
}

/** Raw values go out untouched; findings get their latest decision (or null). */
function wireFinding(row: JoinedRow): unknown {
  const body = JSON.parse(row.body) as unknown;
  if (row.raw === 1) return body;
  const triage: TriageDecision | null = row.d_id ? decisionFromRow(row as DecisionRow) : null;
  return { ...(body as Record<string, unknown>), triage };
}
