/**
 * Idempotency keys of triage and review POSTs: the hash of who sent what where, and the answer
 * given, so that a retry gets the first answer and a reused key with another request is refused.
 */
import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';

/** The first answer given under a key. */
export interface StoredAnswer {
  requestHash: string;
  status: number;
  body: unknown;
}

/** Hash of (user, path, body); the body is canonicalised when it is JSON, so spacing does not matter. */
export function requestHash(userId: string, path: string, rawBody: string): string {
  return createHash('sha256')
    .update(`${userId}\n${path}\n${canonicalJson(rawBody)}`)
    .digest('hex');
}

function canonicalJson(text: string): string {
  try {
    return JSON.stringify(sortKeys(JSON.parse(text)));
  } catch {
    return text;
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(obj)
        .sort()
        .map((k) => [k, sortKeys(obj[k])]),
    );
  }
  return value;
}

export class IdempotencyTable {
  private readonly byKey;
  private readonly insert;

  constructor(db: Database.Database) {
    this.byKey = db.prepare<[string], { request_hash: string; status: number; body: string }>(
      'SELECT request_hash, status, body FROM idempotency WHERE key = ?',
    );
    this.insert = db.prepare('INSERT INTO idempotency (key, request_hash, status, body, created_at) VALUES (?, ?, ?, ?, ?)');
  }

  get(key: string): StoredAnswer | undefined {
    const row = this.byKey.get(key);
    return row ? { requestHash: row.request_hash, status: row.status, body: JSON.parse(row.body) } : undefined;
  }

  put(key: string, answer: StoredAnswer): void {
    this.insert.run(key, answer.requestHash, answer.status, JSON.stringify(answer.body), new Date().toISOString());
  }
}
