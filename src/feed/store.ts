/**
 * Everything the feed keeps, over one SQLite database: the tables, each with its statements
 * prepared once, and a transaction helper for writes that touch more than one row.
 */
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { Accounts } from './accounts';
import { DecisionsTable } from './decisionsTable';
import { FindingsTable } from './findingsTable';
import { IdempotencyTable } from './idempotencyTable';

export class FeedStore {
  readonly accounts: Accounts;
  readonly findings: FindingsTable;
  readonly decisions: DecisionsTable;
  readonly idempotency: IdempotencyTable;
  /** A random id of this database, so that ETags of two feeds never collide. */
  readonly feedId: string;

  constructor(readonly db: Database.Database) {
    this.accounts = new Accounts(db);
    this.findings = new FindingsTable(db);
    this.decisions = new DecisionsTable(db);
    this.idempotency = new IdempotencyTable(db);
    this.feedId = this.accounts.meta('feedId') ?? this.createFeedId();
  }

  /** Runs `work` in one transaction (nested calls join the outer one). */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  private createFeedId(): string {
    const id = randomUUID();
    this.accounts.setMetaValue('feedId', id);
    return id;
  }
}
