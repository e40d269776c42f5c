/**
 * The findings table: one row per finding (or raw test value), its place in the change sequence,
 * and the JSON body as the feed sends it (without `triage`, which is joined in from the latest
 * decision when read).
 */
import type { TriageDecision } from '../../shared/feed';
import { locationPathOf } from '../pathFilter';
import { type DecisionRow, DECISION_COLUMNS, decisionFromRow } from './decisionsTable';
import { batches, inList, outsideTransaction, rowsOfProject, valueRows, type SqlSession } from './sql';

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
  path: string | null;
}

type JoinedRow = FindingRow & Partial<DecisionRow>;

/**
 * What a finding made from a SARIF analysis keeps beside it: the scope and fingerprint its id was
 * made from (docs/feed-protocol.md, "Identity"), and a hash of what it shows.
 */
export interface SarifIdentity {
  tool: string;
  category: string;
  rule: string;
  /** `source:value` of the fingerprint. */
  fingerprint: string;
  /** A hash of what the finding shows, less what the feed sets (revision, status, times) and its commit: equal means unchanged. */
  contentHash: string;
}

/** A finding as an analysis writes it. */
export type AnalysedFinding = Omit<StoredFinding, 'seq' | 'raw'> & { sarif: SarifIdentity };

const ANALYSED_COLUMNS = [
  'key',
  'project',
  'seq',
  'revision',
  'status',
  'raw',
  'latest_decision',
  'body',
  'sarif_tool',
  'sarif_category',
  'sarif_rule',
  'sarif_fingerprint',
  'sarif_content_hash',
  'path',
];

// As UPSERT, for many rows at once, with the SARIF identity.
function upsertAnalysed(rows: number): string {
  const updates = ANALYSED_COLUMNS.slice(1)
    .map((c) => `${c} = excluded.${c}`)
    .join(', ');
  return `INSERT INTO findings (${ANALYSED_COLUMNS.join(', ')}) VALUES ${valueRows(rows, ANALYSED_COLUMNS.length)}
    ON CONFLICT (key) DO UPDATE SET ${updates} WHERE findings.revision < excluded.revision`;
}

const SELECT_JOINED = `
  SELECT f.*, ${DECISION_COLUMNS}
  FROM findings f
  LEFT JOIN decisions d ON d.id = f.latest_decision
  LEFT JOIN reviews r ON r.id = d.review_id`;

// A save must carry a revision above the stored one: two writers that read the same revision
// cannot both write (the second changes no row, and save refuses).
const UPSERT = `
  INSERT INTO findings (key, project, seq, revision, status, raw, latest_decision, body, path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (key) DO UPDATE SET project = excluded.project, seq = excluded.seq, revision = excluded.revision,
    status = excluded.status, raw = excluded.raw, latest_decision = excluded.latest_decision, body = excluded.body, path = excluded.path
  WHERE findings.revision < excluded.revision`;

const FULL_PAGE = `${SELECT_JOINED} WHERE f.project = ? AND f.seq > ? AND f.seq <= ? AND f.status != 'withdrawn' ORDER BY f.seq LIMIT ?`;
const INCREMENTAL_PAGE = `${SELECT_JOINED} WHERE f.project = ? AND f.seq > ? AND f.seq <= ? ORDER BY f.seq LIMIT ?`;
/**
 * A full page of a few files only (the `path` filter): read through the (project, path, seq) index,
 * its rows sorted after. `ORDER BY +f.seq` says so: ordered by the bare column, SQLite (without
 * statistics) walked the (project, seq) index instead, to spare the sort, reading every finding of
 * the project to keep a file's few: 230 ms at 100,000 findings for 48 rows, 5 ms through the path index.
 */
export const filteredPage = (paths: number) =>
  `${SELECT_JOINED} WHERE f.project = ? AND f.path IN (${inList(paths)}) AND f.seq > ? AND f.seq <= ? AND f.status != 'withdrawn' ORDER BY +f.seq LIMIT ?`;

/**
 * The pages of a full listing in path order (`order=path`): by path as UTF-8 bytes (`collate`:
 * the session's byteOrder), then seq, read through the (project, path, seq) index. Findings
 * without a path (raw test values) come first, in change order; then the rest from the start
 * (`fromStart`) or after the last (path, seq) returned (`after`). `+f.seq` keeps SQLite off the
 * (project, seq) index, which it otherwise takes for the seq bounds, then sorting every finding
 * of the project to return a page (test/unit/feed/storage/filteredPagePlan.test.ts).
 */
export const pathOrderPage = {
  withoutPath: `${SELECT_JOINED} WHERE f.project = ? AND f.path IS NULL AND +f.seq > ? AND +f.seq <= ? AND f.status != 'withdrawn' ORDER BY f.path, f.seq LIMIT ?`,
  fromStart: (collate: string) =>
    `${SELECT_JOINED} WHERE f.project = ? AND f.path IS NOT NULL AND +f.seq <= ? AND f.status != 'withdrawn' ORDER BY f.path${collate}, f.seq LIMIT ?`,
  after: (collate: string) =>
    `${SELECT_JOINED} WHERE f.project = ? AND (f.path${collate}, f.seq) > (?, ?) AND f.seq <= ? AND f.status != 'withdrawn' ORDER BY f.path${collate}, f.seq LIMIT ?`,
};

/** Which slice of a project's change sequence a page reads. */
export interface PageQuery {
  project: string;
  after: number;
  upto: number;
  incremental: boolean;
  limit: number;
  /** Only the findings whose location.path is one of these (a full listing only). */
  paths?: readonly string[];
  /** Path order (a full listing only): after this path (and `after`'s seq), or from the start when null. */
  byPath?: { path: string | null };
}

export class FindingsTable {
  constructor(private readonly sql: SqlSession) {}

  /**
   * Takes the change lock for the rest of the transaction. A write that first reads what it
   * depends on (is the database empty? which ids exist?) takes it before that read.
   */
  lockChanges(): Promise<void> {
    return this.sql.changes.lock();
  }

  /** The latest position of the change sequence, over all projects. */
  currentSeq(): Promise<number> {
    return this.sql.changes.current();
  }

  /** The latest position of one project's findings (0 when it has none). */
  async maxSeq(project: string): Promise<number> {
    return (await this.sql.get<{ m: number | null }>('SELECT MAX(seq) AS m FROM findings WHERE project = ?', [project]))?.m ?? 0;
  }

  async get(key: string): Promise<StoredFinding | undefined> {
    const row = await this.sql.get<FindingRow>('SELECT * FROM findings WHERE key = ?', [key]);
    return row ? fromRow(row) : undefined;
  }

  /**
   * The finding a write is about to depend on (its revision for If-Match, its status), read with
   * the change lock held and its row locked until the transaction ends: no other instance can
   * change it between this read and the write.
   */
  async getForUpdate(key: string): Promise<StoredFinding | undefined> {
    if (!this.sql.inTransaction) throw outsideTransaction('findings.getForUpdate');
    await this.sql.changes.lock();
    const row = await this.sql.get<FindingRow>(`SELECT * FROM findings WHERE key = ?${this.sql.lockRows}`, [key]);
    return row ? fromRow(row) : undefined;
  }

  /** The finding as the feed sends it, with its latest decision. */
  async wire(key: string): Promise<unknown> {
    const row = await this.sql.get<JoinedRow>(`${SELECT_JOINED} WHERE f.key = ?`, [key]);
    return row ? wireFinding(row) : undefined;
  }

  /** Writes a row, taking a new place at the end of the change sequence. */
  async save(finding: Omit<StoredFinding, 'seq'>): Promise<StoredFinding> {
    if (!this.sql.inTransaction) throw outsideTransaction('findings.save');
    const stored = { ...finding, seq: await this.sql.changes.next() };
    const { key, project, seq, revision, status, raw, latestDecision, body } = stored;
    const path = locationPathOf(body) ?? null;
    const written = await this.sql.run(UPSERT, [
      key,
      project,
      seq,
      revision,
      status,
      raw ? 1 : 0,
      latestDecision,
      JSON.stringify(body),
      path,
    ]);
    if (written !== 1)
      throw new Error(`finding ${key} is already at revision ${revision} or later: read it with getForUpdate before writing it`);
    return stored;
  }

  /**
   * Writes findings made from an analysis, many rows a statement, each taking the next place in the
   * change sequence (in the order given). Refuses, as `save` does, a revision not above the stored one.
   * Returns the first and last place taken (undefined when there was nothing to write).
   */
  async saveAnalysed(findings: readonly AnalysedFinding[]): Promise<{ first: number; last: number } | undefined> {
    if (!this.sql.inTransaction) throw outsideTransaction('findings.saveAnalysed');
    if (findings.length === 0) return undefined;
    let seq = await this.sql.changes.next(findings.length);
    const first = seq;
    for (const batch of batches(findings)) {
      const values: unknown[] = [];
      for (const f of batch) {
        const { tool, category, rule, fingerprint, contentHash } = f.sarif;
        values.push(f.key, f.project, seq++, f.revision, f.status, 0, f.latestDecision, JSON.stringify(f.body));
        values.push(tool, category, rule, fingerprint, contentHash, locationPathOf(f.body) ?? null);
      }
      const written = await this.sql.run(upsertAnalysed(batch.length), values);
      if (written !== batch.length) throw new Error(`${batch.length - written} of these findings are already at their revision or later`);
    }
    return { first, last: seq - 1 };
  }

  /** Which of `keys` are findings (or raw values) already. */
  async existingKeys(keys: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (const batch of batches(keys)) {
      const rows = await this.sql.all<{ key: string }>(`SELECT key FROM findings WHERE key IN (${inList(batch.length)})`, batch);
      for (const row of rows) found.add(row.key);
    }
    return found;
  }

  /** The stored bodies of `keys` (without `triage`). */
  async bodies(keys: readonly string[]): Promise<Map<string, Record<string, unknown>>> {
    const found = new Map<string, Record<string, unknown>>();
    for (const batch of batches(keys)) {
      const rows = await this.sql.all<{ key: string; body: string }>(
        `SELECT key, body FROM findings WHERE key IN (${inList(batch.length)})`,
        batch,
      );
      for (const row of rows) found.set(row.key, JSON.parse(row.body) as Record<string, unknown>);
    }
    return found;
  }

  /** One page, as the feed sends findings; reads `limit + 1` rows so the caller knows if more follow. */
  async page(q: PageQuery): Promise<Array<{ seq: number; path: string | null; finding: unknown }>> {
    const rows =
      q.byPath !== undefined && !q.incremental
        ? await this.pathOrderRows(q, q.byPath.path)
        : q.paths !== undefined && !q.incremental
          ? await this.sql.all<JoinedRow>(filteredPage(q.paths.length), [q.project, ...q.paths, q.after, q.upto, q.limit + 1])
          : await this.sql.all<JoinedRow>(q.incremental ? INCREMENTAL_PAGE : FULL_PAGE, [q.project, q.after, q.upto, q.limit + 1]);
    return rows.map((row) => ({ seq: row.seq, path: row.path, finding: wireFinding(row) }));
  }

  /** `limit + 1` rows of a listing in path order, after `path` (and seq `q.after`), or from the start. */
  private async pathOrderRows(q: PageQuery, path: string | null): Promise<JoinedRow[]> {
    const collate = this.sql.byteOrder;
    if (path !== null) return this.sql.all<JoinedRow>(pathOrderPage.after(collate), [q.project, path, q.after, q.upto, q.limit + 1]);
    const rows = await this.sql.all<JoinedRow>(pathOrderPage.withoutPath, [q.project, q.after, q.upto, q.limit + 1]);
    if (rows.length > q.limit) return rows;
    return [...rows, ...(await this.sql.all<JoinedRow>(pathOrderPage.fromStart(collate), [q.project, q.upto, q.limit + 1 - rows.length]))];
  }

  /** Every finding of a project (or of all projects), tombstones included. */
  async all(project?: string): Promise<unknown[]> {
    return (await rowsOfProject<JoinedRow>(this.sql, SELECT_JOINED, 'f.project', 'f.seq', project)).map(wireFinding);
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
