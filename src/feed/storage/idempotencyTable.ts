/**
 * Idempotency keys of triage and review POSTs: the hash of who sent what where, and the answer
 * given, so that a retry gets the first answer and a reused key with another request is refused.
 * A request claims its key before it does anything: the key's uniqueness makes the same key sent
 * to two instances at once wait for one another, and the second reads the first one's answer.
 */
import { createHash } from 'node:crypto';
import type { SqlSession } from './sql';

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

/** Hash of (user, what the request names, body bytes as sent): for bodies too big to canonicalise, such as a SARIF log. */
export function requestHashOfBytes(userId: string, target: string, body: Buffer): string {
  return createHash('sha256').update(`${userId}\n${target}\n`).update(body).digest('hex');
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
  constructor(private readonly sql: SqlSession) {}

  /**
   * Claims `key` for this transaction. Resolves with nothing when the claim is this request's, or
   * with the answer stored under the key by an earlier request. On PostgreSQL, while another
   * instance's transaction holds the key, the insert waits for it to end: committed, its answer is
   * read here; rolled back (a refused request stores nothing), the claim is this request's.
   */
  async claim(key: string, requestHash: string): Promise<StoredAnswer | undefined> {
    const claimed = await this.sql.run(
      'INSERT INTO idempotency (key, request_hash, status, body, created_at) VALUES (?, ?, 0, ?, ?) ON CONFLICT (key) DO NOTHING',
      [key, requestHash, 'null', new Date().toISOString()],
    );
    if (claimed === 1) return undefined;
    const row = await this.sql.get<{ request_hash: string; status: number; body: string }>(
      'SELECT request_hash, status, body FROM idempotency WHERE key = ?',
      [key],
    );
    if (!row) throw new Error(`idempotency key ${key} is neither new nor stored`);
    return { requestHash: row.request_hash, status: row.status, body: JSON.parse(row.body) };
  }

  /** Stores the answer of the request that claimed `key`, in the same transaction. */
  async answer(key: string, answer: Omit<StoredAnswer, 'requestHash'>): Promise<void> {
    await this.sql.run('UPDATE idempotency SET status = ?, body = ? WHERE key = ?', [answer.status, JSON.stringify(answer.body), key]);
  }
}
