/**
 * The reference feed's SQLite file: opened in WAL mode, schema created on first open. Every piece of
 * state lives here (accounts, findings, decisions, reviews, idempotency keys) so that a feed started
 * again on the same file carries on where it stopped.
 */
import Database from 'better-sqlite3';

const SCHEMA = `
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
`;

/** Opens (or creates) the feed database; `:memory:` when no path is given. */
export function openFeedDatabase(path?: string): Database.Database {
  const db = new Database(path ?? ':memory:');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.exec(SCHEMA);
  return db;
}
