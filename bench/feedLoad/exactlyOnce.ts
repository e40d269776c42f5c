/**
 * After a load run: were the decisions stored exactly once? Read from the database itself, not
 * from the feed's answers: one decision per finding decided, one per idempotency key answered, the
 * same decision id in both answers of a key, and every answered id stored.
 */
import Database from 'better-sqlite3';
import { Client } from 'pg';
import type { Tally } from './editors';

export interface ExactlyOnce {
  keys: number;
  stored: number;
  /** Findings with more than one decision: a decision stored twice. */
  duplicates: number;
  /** Keys whose two answers named different decisions. */
  disagreements: number;
  /** Answered decision ids that the database does not have. */
  lost: number;
  ok: boolean;
}

async function storedDecisions(db: string): Promise<Array<{ id: string; finding_key: string }>> {
  if (!/^postgres/.test(db)) {
    const file = new Database(db, { readonly: true });
    try {
      return file.prepare('SELECT id, finding_key FROM decisions').all() as Array<{ id: string; finding_key: string }>;
    } finally {
      file.close();
    }
  }
  const client = new Client({ connectionString: db });
  await client.connect();
  try {
    return (await client.query<{ id: string; finding_key: string }>('SELECT id, finding_key FROM decisions')).rows;
  } finally {
    await client.end();
  }
}

export async function checkExactlyOnce(db: string, tally: Tally): Promise<ExactlyOnce> {
  const rows = await storedDecisions(db);
  const perFinding = new Map<string, number>();
  for (const r of rows) perFinding.set(r.finding_key, (perFinding.get(r.finding_key) ?? 0) + 1);
  const ids = new Set(rows.map((r) => r.id));
  const answered = [...tally.decided.values()].filter((s) => s.size > 0);
  const result = {
    keys: answered.length,
    stored: rows.length,
    duplicates: [...perFinding.values()].filter((n) => n > 1).length,
    disagreements: answered.filter((s) => s.size > 1).length,
    lost: answered.filter((s) => ![...s].every((id) => ids.has(id))).length,
  };
  return { ...result, ok: result.duplicates === 0 && result.disagreements === 0 && result.lost === 0 && result.stored >= result.keys };
}
