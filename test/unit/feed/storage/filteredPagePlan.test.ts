// The path filter's page is read through the (project, path, seq) index: SQLite, which has no
// statistics on the feed's tables, walked the (project, seq) index instead when the page was
// ordered by the bare column, reading every finding of the project to keep one file's
// (230 ms at 100,000 findings for 48 rows, npm run bench:editor's first look).
import { strict as assert } from 'node:assert';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { openFeedStorage } from '../../../../src/feed/storage/openStorage';
import { postgresCluster } from '../postgresCluster';
import { filteredPage, pathOrderPage } from '../../../../src/feed/storage/findingsTable';
import { SQLITE_MIGRATIONS } from '../../../../src/feed/storage/sqliteMigrations';

describe('feed: the path filter’s query plan on SQLite', () => {
  it('searches the (project, path, seq) index for one path or several', () => {
    const db = new Database(':memory:');
    try {
      for (const migration of SQLITE_MIGRATIONS) db.exec(migration.sql);
      for (const paths of [1, 3]) {
        const plan = db
          .prepare(`EXPLAIN QUERY PLAN ${filteredPage(paths)}`)
          .all('p1', ...Array.from({ length: paths }, (_, i) => `src/f${i}.ts`), 0, 1_000_000, 1001) as Array<{ detail: string }>;
        const findingsStep = plan.map((row) => row.detail).find((detail) => /\bf\b/.test(detail));
        assert.match(findingsStep ?? '', /SEARCH f USING INDEX findings_by_project_path \(project=\? AND path=\?/, JSON.stringify(plan));
      }
    } finally {
      db.close();
    }
  });

  it('walks the (project, path, seq) index in order for a listing in path order, never sorting the project', () => {
    const db = new Database(':memory:');
    try {
      for (const migration of SQLITE_MIGRATIONS) db.exec(migration.sql);
      const queries: Array<[string, unknown[]]> = [
        [pathOrderPage.withoutPath, ['p1', 0, 1_000_000, 1001]],
        [pathOrderPage.fromStart(''), ['p1', 1_000_000, 1001]],
        [pathOrderPage.after(''), ['p1', 'src/a.ts', 5, 1_000_000, 1001]],
      ];
      for (const [sql, args] of queries) {
        const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as Array<{ detail: string }>).map((row) => row.detail);
        assert.match(
          plan.find((detail) => /\bf\b/.test(detail)) ?? '',
          /SEARCH f USING INDEX findings_by_project_path \(project=\? AND \(?path/,
          JSON.stringify(plan),
        );
        assert.ok(!plan.some((detail) => /TEMP B-TREE/.test(detail)), JSON.stringify(plan));
      }
    } finally {
      db.close();
    }
  });
});

describe('feed: a listing in path order’s query plan on PostgreSQL', function () {
  this.timeout(60_000);

  it('walks the index on path COLLATE "C", never sorting the project, with statistics of 20,000 findings', async () => {
    const url = await (await postgresCluster()).freshSchema();
    await (await openFeedStorage(url, () => undefined)).close();
    const db = new Client({ connectionString: url });
    await db.connect();
    try {
      await db.query(`INSERT INTO findings (key, project, seq, revision, status, raw, latest_decision, body, path)
        SELECT 'k' || i, 'p1', i, 1, 'open', 0, NULL, '{}', 'src/f' || (i % 500) || '.ts' FROM generate_series(1, 20000) i`);
      await db.query('ANALYZE findings');
      const numbered = (sql: string) => {
        let n = 0;
        return sql.replace(/\?/g, () => `$${++n}`);
      };
      const collate = ' COLLATE "C"';
      const queries: Array<[string, unknown[]]> = [
        [pathOrderPage.fromStart(collate), ['p1', 1_000_000, 1001]],
        [pathOrderPage.after(collate), ['p1', 'src/f250.ts', 5, 1_000_000, 1001]],
      ];
      for (const [sql, args] of queries) {
        const plan = ((await db.query(`EXPLAIN ${numbered(sql)}`, args)).rows as Array<{ 'QUERY PLAN': string }>).map(
          (r) => r['QUERY PLAN'],
        );
        assert.ok(
          plan.some((line) => /Index Scan using findings_by_project_path_bytes on findings f/.test(line)),
          plan.join('\n'),
        );
        assert.ok(!plan.some((line) => /\bSort\b/.test(line)), plan.join('\n'));
      }
    } finally {
      await db.end();
    }
  });
});
