/**
 * The PostgreSQL schema, one migration at a time: the same tables as sqliteMigrations.ts, in
 * PostgreSQL's words. To change it, append a migration with the next version (never edit one that
 * has shipped), and the same change to sqliteMigrations.ts.
 */
import type { Migration } from './sql';
import { hashStoredTokens, ORGANIZATIONS_AND_TOKENS } from './tokenMigration';

export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'accounts, findings, decisions, reviews, idempotency keys',
    // feed_changes is the change sequence. `rowid` keeps insertion order, which SQLite gives every
    // table and the queries sort users and projects by. COLLATE "C" sorts by bytes, as SQLite
    // does, whatever the database's locale.
    sql: `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE SEQUENCE feed_changes AS BIGINT;
CREATE TABLE users (rowid BIGINT GENERATED ALWAYS AS IDENTITY, id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, token TEXT NOT NULL UNIQUE);
CREATE TABLE projects (rowid BIGINT GENERATED ALWAYS AS IDENTITY, id TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE members (project TEXT COLLATE "C" NOT NULL, user_id TEXT NOT NULL, PRIMARY KEY (project, user_id));
CREATE TABLE findings (
  key TEXT PRIMARY KEY, project TEXT NOT NULL, seq BIGINT NOT NULL UNIQUE, revision INTEGER NOT NULL, status TEXT NOT NULL,
  raw INTEGER NOT NULL DEFAULT 0, latest_decision TEXT, body TEXT NOT NULL
);
CREATE INDEX findings_by_project_seq ON findings (project, seq);
CREATE TABLE decisions (
  ord BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, id TEXT NOT NULL UNIQUE, finding_key TEXT NOT NULL, project TEXT NOT NULL,
  action TEXT NOT NULL, reason TEXT NOT NULL, comment TEXT NOT NULL, actor_id TEXT NOT NULL, actor_name TEXT NOT NULL,
  at TEXT NOT NULL, code_hash TEXT, review_id TEXT
);
CREATE INDEX decisions_by_project ON decisions (project, ord);
CREATE TABLE reviews (
  ord BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, id TEXT NOT NULL UNIQUE, decision_id TEXT NOT NULL UNIQUE,
  decision TEXT NOT NULL, comment TEXT NOT NULL, actor_id TEXT NOT NULL, actor_name TEXT NOT NULL, at TEXT NOT NULL
);
CREATE TABLE idempotency (key TEXT PRIMARY KEY, request_hash TEXT NOT NULL, status INTEGER NOT NULL, body TEXT NOT NULL, created_at TEXT NOT NULL);
`,
  },
  {
    version: 2,
    name: 'organizations, hashed tokens',
    sql: ORGANIZATIONS_AND_TOKENS,
    run: hashStoredTokens,
  },
  {
    version: 3,
    name: 'users without plain-text tokens',
    sql: 'ALTER TABLE users DROP COLUMN token;',
  },
  {
    version: 4,
    name: 'events for pushed updates',
    sql: `
CREATE TABLE events (
  seq BIGINT PRIMARY KEY, project TEXT NOT NULL, kind TEXT NOT NULL, since_seq BIGINT NOT NULL, at TEXT NOT NULL, data TEXT NOT NULL
);
CREATE INDEX events_by_project ON events (project, seq);
`,
  },
  {
    version: 5,
    name: "SARIF analyses: each finding's scope and fingerprint, the analyses, which refs report each finding",
    sql: `
ALTER TABLE findings ADD COLUMN sarif_tool TEXT, ADD COLUMN sarif_category TEXT, ADD COLUMN sarif_rule TEXT,
  ADD COLUMN sarif_fingerprint TEXT, ADD COLUMN sarif_content_hash TEXT;
CREATE INDEX findings_by_sarif_scope ON findings (project, sarif_tool, sarif_category);
CREATE TABLE analyses (
  ord BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, id TEXT NOT NULL UNIQUE, project TEXT NOT NULL, category TEXT NOT NULL,
  ref TEXT NOT NULL, commit_id TEXT NOT NULL, tools TEXT NOT NULL, uploader TEXT NOT NULL, at TEXT NOT NULL, counts TEXT NOT NULL
);
CREATE INDEX analyses_by_project ON analyses (project, ord);
CREATE TABLE reported (finding_key TEXT NOT NULL, ref TEXT NOT NULL, PRIMARY KEY (finding_key, ref));
`,
  },
  {
    version: 6,
    name: 'the path of each finding, for the path filter',
    // Filled from the stored bodies once; from then on, every write sets it (findingsTable.ts).
    sql: `
ALTER TABLE findings ADD COLUMN path TEXT;
UPDATE findings SET path = body::jsonb #>> '{location,path}' WHERE jsonb_typeof(body::jsonb #> '{location,path}') = 'string';
CREATE INDEX findings_by_project_path ON findings (project, path, seq);
`,
  },
  {
    version: 7,
    name: 'the findings by path as bytes, for path order',
    // A database whose default collation is not C cannot walk findings_by_project_path in byte order.
    sql: `CREATE INDEX findings_by_project_path_bytes ON findings (project, path COLLATE "C", seq);`,
  },
];
