// The path filter's page is read through the (project, path, seq) index: SQLite, which has no
// statistics on the feed's tables, walked the (project, seq) index instead when the page was
// ordered by the bare column, reading every finding of the project to keep one file's
// (230 ms at 100,000 findings for 48 rows, npm run bench:editor's first look).
import { strict as assert } from 'node:assert';
import Database from 'better-sqlite3';
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
