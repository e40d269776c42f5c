/**
 * Versioned migrations: which ones a database still needs, the two dialects kept in step, files
 * written before migrations existed, and databases written by a newer feed.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { newFindingBody } from '../../../../src/feed/findingBody';
import { startFeed } from '../../../../src/feed/server';
import { pendingMigrations } from '../../../../src/feed/storage/migrate';
import { openFeedStorage } from '../../../../src/feed/storage/openStorage';
import { POSTGRES_MIGRATIONS } from '../../../../src/feed/storage/postgresMigrations';
import { SQLITE_MIGRATIONS } from '../../../../src/feed/storage/sqliteMigrations';
import { tokenHash } from '../../../../src/feed/storage/tokens';
import { encodeSyncToken } from '../../../../src/feed/syncToken';
import { describeOnBackends, POSTGRES, SQLITE } from '../backends';
import { admin, as, syncAll, triage } from '../helpers';
import { query } from '../postgresCluster';

const step = (version: number) => ({ version, name: `step ${version}`, sql: '' });

describe('feed migrations: which to apply', () => {
  it('applies the missing ones, oldest first', () => {
    assert.deepEqual(
      pendingMigrations([1], [step(3), step(1), step(2)]).map((m) => m.version),
      [2, 3],
    );
    assert.deepEqual(pendingMigrations([1, 2, 3], [step(1), step(2), step(3)]), []);
  });

  it('refuses a database that has a migration this feed does not know, and says what to do', () => {
    assert.throws(
      () => pendingMigrations([1, 2, 7], [step(1), step(2)]),
      /migration 7, which this feed does not know \(it knows up to 2\): a newer feed wrote it\. Nothing was changed/,
    );
  });

  it('keeps SQLite and PostgreSQL at the same versions, numbered 1, 2, 3 ...', () => {
    const versions = (list: typeof SQLITE_MIGRATIONS) => list.map((m) => [m.version, m.name]);
    assert.deepEqual(versions(POSTGRES_MIGRATIONS), versions(SQLITE_MIGRATIONS));
    assert.deepEqual(
      SQLITE_MIGRATIONS.map((m) => m.version),
      SQLITE_MIGRATIONS.map((_, i) => i + 1),
    );
  });
});

describe('feed migrations: a SQLite file written before migrations existed', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'feed-legacy-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The tables as the feed made them then (the text of migration 1) with a few rows in them. */
  function writeLegacyFile(file: string): void {
    const db = new Database(file);
    db.exec(SQLITE_MIGRATIONS[0]!.sql);
    const now = new Date().toISOString();
    db.prepare("INSERT INTO meta (key, value) VALUES ('feedId', 'legacy-feed'), ('adminToken', 'legacy-admin-token')").run();
    db.prepare("INSERT INTO users (id, name, role, token) VALUES ('dana', 'Dana Developer', 'developer', 'legacy-token-dana')").run();
    db.prepare("INSERT INTO projects (id, name) VALUES ('p1', 'Project one')").run();
    db.prepare("INSERT INTO members (project, user_id) VALUES ('p1', 'dana')").run();
    for (const n of [1, 2]) {
      const body = JSON.stringify(newFindingBody({ id: `f${n}` }, now));
      db.prepare("INSERT INTO findings (key, project, seq, revision, status, raw, body) VALUES (?, 'p1', ?, 1, 'open', 0, ?)").run(
        `f${n}`,
        n,
        body,
      );
    }
    db.prepare("UPDATE counters SET value = 2 WHERE name = 'seq'").run();
    db.close();
  }

  it('opens, is recorded at the latest version, and serves what it held with its tokens, now kept only as hashes', async () => {
    const file = join(dir, 'feed.db');
    writeLegacyFile(file);
    const started = await startFeed({ db: file, log: () => undefined });
    const feed = { ...started, tokens: { dana: 'legacy-token-dana' }, adminToken: 'legacy-admin-token' };
    try {
      assert.deepEqual(started.tokens, {}, 'a hashed token cannot be shown again');
      assert.equal(started.adminToken, undefined);
      assert.equal((await admin(feed).get('/__admin/state?project=p1')).status, 200, 'the admin token still opens the test controls');
      assert.deepEqual(
        (await syncAll(feed, 'dana', 'p1')).findings.map((f) => f.id),
        ['f1', 'f2'],
      );
      const path = (newFindingBody({ id: 'f1' }, new Date().toISOString()) as { location: { path: string } }).location.path;
      assert.deepEqual(
        (await as(feed, 'dana').get(`/v1/projects/p1/findings?path=${encodeURIComponent(path)}`)).body.findings.map(
          (f: { id: string }) => f.id,
        ),
        ['f1', 'f2'],
        'the path filter finds what the file held before it had a path column',
      );
      const since = encodeSyncToken('legacy-feed', 2);
      assert.equal((await as(feed, 'dana').get(`/v1/projects/p1/findings?since=${since}`)).status, 200, 'its sync tokens still hold');
      assert.equal(
        (await triage(feed, 'dana', 'f1', { action: 'acknowledge', reason: 'will_fix' }, { key: 'k', ifMatch: '1' })).status,
        201,
      );
      const changes = await syncAll(feed, 'dana', 'p1', { since });
      assert.deepEqual(
        changes.findings.map((f) => [f.id, f.status]),
        [['f1', 'acknowledged']],
      );
    } finally {
      await feed.close();
    }
    const db = new Database(file, { readonly: true });
    assert.deepEqual(
      db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all(),
      SQLITE_MIGRATIONS.map((m) => m.version),
    );
    assert.deepEqual(db.prepare('SELECT id, org FROM users').all(), [{ id: 'dana', org: 'default' }], 'no token column any more');
    assert.deepEqual(db.prepare('SELECT hash FROM tokens').pluck().all(), [tokenHash('legacy-token-dana')]);
    assert.deepEqual(db.prepare("SELECT key FROM meta WHERE key LIKE 'admin%'").pluck().all(), ['adminTokenHash']);
    db.close();
    const bytes = readFileSync(file);
    for (const secret of ['legacy-token-dana', 'legacy-admin-token'])
      assert.equal(bytes.indexOf(secret), -1, `${secret} is not in the file`);
  });
});

describeOnBackends('feed migrations', [SQLITE, POSTGRES], (backend) => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'feed-migrations-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** One statement on the database, from outside the feed. */
  async function sql(db: string, text: string): Promise<unknown[]> {
    if (backend !== SQLITE) return query(db, text);
    const file = new Database(db);
    try {
      const stmt = file.prepare(text);
      return stmt.reader ? stmt.all() : (stmt.run(), []);
    } finally {
      file.close();
    }
  }

  it('applies each migration once: opening again applies none', async () => {
    const db = await backend.persistentDb(dir, 'feed.db');
    await (await openFeedStorage(db, () => undefined)).close();
    const first = await sql(db, 'SELECT version, applied_at FROM schema_migrations ORDER BY version');
    await (await openFeedStorage(db, () => undefined)).close();
    assert.equal(first.length, SQLITE_MIGRATIONS.length);
    assert.deepEqual(await sql(db, 'SELECT version, applied_at FROM schema_migrations ORDER BY version'), first);
  });

  it('turns the plain-text tokens of a database at version 1 into hashes; the old tokens still work', async () => {
    const db = await backend.persistentDb(dir, 'feed.db');
    const first = (backend === SQLITE ? SQLITE_MIGRATIONS : POSTGRES_MIGRATIONS)[0]!;
    const script = `${first.sql}
      CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
      INSERT INTO schema_migrations VALUES (1, 'then', 'then');
      INSERT INTO meta (key, value) VALUES ('adminToken', 'v1-admin-token');
      INSERT INTO users (id, name, role, token) VALUES ('dana', 'Dana', 'developer', 'v1-token-dana');
      INSERT INTO projects (id, name) VALUES ('p1', 'P1');
      INSERT INTO members (project, user_id) VALUES ('p1', 'dana');`;
    if (backend === SQLITE) {
      const file = new Database(db);
      file.exec(script);
      file.close();
    } else await query(db, script);
    const started = await startFeed({ db, log: () => undefined });
    try {
      const feed = { ...started, tokens: { dana: 'v1-token-dana' }, adminToken: 'v1-admin-token' };
      assert.deepEqual((await as(feed, 'dana').get('/v1/me')).body.projects, ['p1']);
      assert.equal((await admin(feed).get('/__admin/state')).status, 200);
    } finally {
      await started.close();
    }
    assert.deepEqual(await sql(db, 'SELECT hash, user_id FROM tokens'), [{ hash: tokenHash('v1-token-dana'), user_id: 'dana' }]);
    assert.deepEqual(await sql(db, "SELECT key, value FROM meta WHERE key LIKE 'admin%'"), [
      { key: 'adminTokenHash', value: tokenHash('v1-admin-token') },
    ]);
    assert.deepEqual(await sql(db, 'SELECT id, name, role, org FROM users'), [
      { id: 'dana', name: 'Dana', role: 'developer', org: 'default' },
    ]);
    const columns = await sql(
      db,
      backend === SQLITE
        ? "SELECT name FROM pragma_table_info('users')"
        : "SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'users' AND table_schema = current_schema()",
    );
    assert.ok(!columns.some((c) => (c as { name: string }).name === 'token'), 'no token column any more');
  });

  it('refuses to start on a database a newer feed has migrated, and changes nothing', async () => {
    const db = await backend.persistentDb(dir, 'feed.db');
    await (await openFeedStorage(db, () => undefined)).close();
    await sql(db, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from a newer feed', 'later')");
    await assert.rejects(startFeed({ db, log: () => undefined }), /migration 999, which this feed does not know .* a newer feed wrote it/);
    assert.equal((await sql(db, 'SELECT version FROM schema_migrations')).length, SQLITE_MIGRATIONS.length + 1);
  });
});
