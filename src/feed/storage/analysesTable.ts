/**
 * SARIF analyses: one row per upload taken, and which refs report each finding made from one (the
 * `reported` table: a row (finding, ref) while the latest analysis of the finding's tool and
 * category on that ref reports it). A finding no ref reports any more is fixed
 * (docs/feed-protocol.md, "Fixed and reopened").
 */
import { batches, inList, outsideTransaction, rowsOfProject, valueRows, type SqlSession } from './sql';

/** A finding of one scope (project, tool, category), as an upload on one ref needs to know it. */
export interface ScopeFinding {
  key: string;
  revision: number;
  status: string;
  raw: boolean;
  latestDecision: string | null;
  rule: string;
  fingerprint: string;
  contentHash: string;
  /** The latest analysis of its scope on this ref reports it. */
  here: boolean;
  /** The latest analysis of its scope on another ref reports it. */
  elsewhere: boolean;
}

/** An analysis taken, as `add` stores it. */
export interface NewAnalysis {
  id: string;
  project: string;
  category: string;
  ref: string;
  commit: string;
  tools: string[];
  uploader: string;
  at: string;
  counts: Record<string, number>;
}

interface ScopeRow {
  key: string;
  revision: number;
  status: string;
  raw: number;
  latest_decision: string | null;
  rule: string;
  fingerprint: string;
  content_hash: string;
  here: number;
  elsewhere: number;
}

const SCOPE = `
  SELECT f.key, f.revision, f.status, f.raw, f.latest_decision, f.sarif_rule AS rule, f.sarif_fingerprint AS fingerprint,
    f.sarif_content_hash AS content_hash,
    CASE WHEN EXISTS (SELECT 1 FROM reported r WHERE r.finding_key = f.key AND r.ref = ?) THEN 1 ELSE 0 END AS here,
    CASE WHEN EXISTS (SELECT 1 FROM reported r WHERE r.finding_key = f.key AND r.ref <> ?) THEN 1 ELSE 0 END AS elsewhere
  FROM findings f WHERE f.project = ? AND f.sarif_tool = ? AND f.sarif_category = ?`;

// Quoted aliases: PostgreSQL folds the others to lower case.
const SELECT_ANALYSES = `SELECT id, project, category, ref, commit_id AS "commit", tools, uploader, at, counts FROM analyses`;

export class AnalysesTable {
  constructor(private readonly sql: SqlSession) {}

  /**
   * Every finding made from the analyses of one tool and category in a project, fixed ones
   * included, and whether `ref` and other refs report it. An upload writes what it decides from
   * this, so it is read with the change lock held.
   */
  async scope(project: string, tool: string, category: string, ref: string): Promise<Map<string, ScopeFinding>> {
    if (!this.sql.inTransaction) throw outsideTransaction('analyses.scope');
    await this.sql.changes.lock();
    const rows = await this.sql.all<ScopeRow>(SCOPE, [ref, ref, project, tool, category]);
    return new Map(
      rows.map((r) => [
        r.key,
        {
          key: r.key,
          revision: r.revision,
          status: r.status,
          raw: r.raw === 1,
          latestDecision: r.latest_decision,
          rule: r.rule,
          fingerprint: r.fingerprint,
          contentHash: r.content_hash,
          here: r.here === 1,
          elsewhere: r.elsewhere === 1,
        },
      ]),
    );
  }

  /** `ref` reports these findings (again). */
  async report(keys: readonly string[], ref: string): Promise<void> {
    for (const batch of batches(keys)) {
      await this.sql.run(
        `INSERT INTO reported (finding_key, ref) VALUES ${valueRows(batch.length, 2)} ON CONFLICT DO NOTHING`,
        batch.flatMap((key) => [key, ref]),
      );
    }
  }

  /** `ref` no longer reports these findings. */
  async unreport(keys: readonly string[], ref: string): Promise<void> {
    for (const batch of batches(keys)) {
      await this.sql.run(`DELETE FROM reported WHERE ref = ? AND finding_key IN (${inList(batch.length)})`, [ref, ...batch]);
    }
  }

  async add(a: NewAnalysis): Promise<void> {
    await this.sql.run(
      'INSERT INTO analyses (id, project, category, ref, commit_id, tools, uploader, at, counts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [a.id, a.project, a.category, a.ref, a.commit, JSON.stringify(a.tools), a.uploader, a.at, JSON.stringify(a.counts)],
    );
  }

  /** Every analysis taken (of a project, or of all), oldest first. */
  async list(project?: string): Promise<NewAnalysis[]> {
    const rows = await rowsOfProject<Omit<NewAnalysis, 'tools' | 'counts'> & { tools: string; counts: string }>(
      this.sql,
      SELECT_ANALYSES,
      'project',
      'ord',
      project,
    );
    return rows.map((r) => ({ ...r, tools: JSON.parse(r.tools) as string[], counts: JSON.parse(r.counts) as Record<string, number> }));
  }

  /** The refs that report a finding, for tests and the test controls. */
  async refsOf(key: string): Promise<string[]> {
    return (await this.sql.all<{ ref: string }>('SELECT ref FROM reported WHERE finding_key = ? ORDER BY ref', [key])).map((r) => r.ref);
  }
}
