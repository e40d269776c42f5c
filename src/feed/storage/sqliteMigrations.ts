/**
 * The SQLite schema, one migration at a time. To change it, append a migration with the next
 * version (never edit one that has shipped), and the same change to postgresMigrations.ts.
 */
import type { Migration } from './sql';
import { hashStoredTokens, ORGANIZATIONS_AND_TOKENS } from './tokenMigration';

export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'accounts, findings, decisions, reviews, idempotency keys',
    // The schema the feed created before it had migrations: IF NOT EXISTS, so that a file
    // written then takes this migration as a no-op and is recorded at version 1.
    sql: `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO counters (name, value) VALUES ('seq', 0);
CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, token TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS projects (id TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS members (
  project TEXT NOT NULL, user_id TEXT NOT NULL, PRIMARY KEY (project, user_id)
);
CREATE TABLE IF NOT EXISTS findings (
  key TEXT PRIMARY KEY,
  project TEXT NOT NULL,
  seq INTEGER NOT NULL UNIQUE,
  revision INTEGER NOT NULL,
  status TEXT NOT NULL,
  raw INTEGER NOT NULL DEFAULT 0,
  latest_decision TEXT,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS findings_by_project_seq ON findings (project, seq);
CREATE TABLE IF NOT EXISTS decisions (
  ord INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  finding_key TEXT NOT NULL,
  project TEXT NOT NULL,
  action TEXT NOT NULL,
  reason TEXT NOT NULL,
  comment TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  actor_name TEXT NOT NULL,
  at TEXT NOT NULL,
  code_hash TEXT,
  review_id TEXT
);
CREATE INDEX IF NOT EXISTS decisions_by_project ON decisions (project, ord);
CREATE TABLE IF NOT EXISTS reviews (
  ord INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  decision_id TEXT NOT NULL UNIQUE,
  decision TEXT NOT NULL,
  comment TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  actor_name TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS idempotency (
  key TEXT PRIMARY KEY,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL
);
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
    // SQLite cannot drop a UNIQUE column: the table is copied without it (rowids kept, for the order).
    sql: `
CREATE TABLE users_new (id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, org TEXT NOT NULL);
INSERT INTO users_new (rowid, id, name, role, org) SELECT rowid, id, name, role, org FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
`,
  },
  {
    version: 4,
    name: 'events for pushed updates',
    // seq is the change-sequence position of the event (its last change), since_seq the one before its first.
    sql: `
CREATE TABLE events (
  seq INTEGER PRIMARY KEY, project TEXT NOT NULL, kind TEXT NOT NULL, since_seq INTEGER NOT NULL, at TEXT NOT NULL, data TEXT NOT NULL
);
CREATE INDEX events_by_project ON events (project, seq);
`,
  },
  {
    version: 5,
    name: "SARIF analyses: each finding's scope and fingerprint, the analyses, which refs report each finding",
    sql: `
ALTER TABLE findings ADD COLUMN sarif_tool TEXT;
ALTER TABLE findings ADD COLUMN sarif_category TEXT;
ALTER TABLE findings ADD COLUMN sarif_rule TEXT;
ALTER TABLE findings ADD COLUMN sarif_fingerprint TEXT;
ALTER TABLE findings ADD COLUMN sarif_content_hash TEXT;
CREATE INDEX findings_by_sarif_scope ON findings (project, sarif_tool, sarif_category);
CREATE TABLE analyses (
  ord INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  project TEXT NOT NULL,
  category TEXT NOT NULL,
  ref TEXT NOT NULL,
  commit_id TEXT NOT NULL,
  tools TEXT NOT NULL,
  uploader TEXT NOT NULL,
  at TEXT NOT NULL,
  counts TEXT NOT NULL
);
CREATE INDEX analyses_by_project ON analyses (project, ord);
CREATE TABLE reported (finding_key TEXT NOT NULL, ref TEXT NOT NULL, PRIMARY KEY (finding_key, ref)) WITHOUT ROWID;
`,
  },
  {
    version: 6,
    name: 'the path of each finding, for the path filter',
    // Filled from the stored bodies once; from then on, every write sets it (findingsTable.ts).
    sql: `
ALTER TABLE findings ADD COLUMN path TEXT;
UPDATE findings SET path = json_extract(body, '$.location.path') WHERE json_valid(body) AND json_type(body, '$.location.path') = 'text';
CREATE INDEX findings_by_project_path ON findings (project, path, seq);
`,
  },
  {
    version: 7,
    name: 'the findings by path as bytes, for path order',
    // Nothing to do: SQLite compares text with BINARY, byte order, so findings_by_project_path serves path order.
    // The version is kept so that both databases stay at the same numbers.
    sql: `SELECT 1;`,
  },
];
