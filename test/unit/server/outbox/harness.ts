/**
 * Shared set-up for the outbox tests that run against the reference feed: a feed on a database
 * that outlives it (a SQLite file or a PostgreSQL schema), outboxes with fast backoff, and waits
 * that fail loudly instead of sleeping.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startFeed, type RunningFeed } from '../../../../src/feed/server';
import { FeedClient } from '../../../../src/server/feed/client';
import type { OutboxEntryView } from '../../../../src/shared/protocol';
import { Outbox, REAL_CLOCK, type DecisionPoster, type OutboxClock } from '../../../../src/server/outbox/outbox';
import { fullJitter } from '../../../../src/server/outbox/retry';

export const PROJECT = 'acme-payments';

/** Ten findings, enough for every test to decide on its own ones. */
// Fixed tokens: the feed keeps only their hashes, so a restart can show again only the tokens a seed fixes.
export const SEED = {
  adminToken: 'outbox-test-admin-token',
  users: [
    { id: 'dana', name: 'Dana Developer', role: 'developer' as const, token: 'outbox-test-token-dana' },
    { id: 'devon', name: 'Devon Developer', role: 'developer' as const, token: 'outbox-test-token-devon' },
    { id: 'lee', name: 'Lee Lead', role: 'lead' as const, token: 'outbox-test-token-lee' },
  ],
  projects: [{ id: PROJECT, name: 'ACME Payments', members: ['dana', 'devon', 'lee'] }],
  findings: Array.from({ length: 10 }, (_, i) => ({
    project: PROJECT,
    id: `F-${i + 1}`,
    ruleId: 'js/sql-injection',
    title: `Finding ${i + 1}`,
    message: 'User input reaches a SQL query.',
    severity: 'high',
    location: { path: `src/file${i + 1}.ts`, startLine: 3 },
  })),
};

/** A temporary folder removed by `cleanup`. */
export async function tempDir(prefix: string): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

/** The feed on `db`; started again on the same `db` and port, it carries on where it stopped. */
export async function startTestFeed(db: string, port = 0): Promise<RunningFeed> {
  const log = process.env.FEED_LOG ? (line: string) => process.stderr.write(`${line}\n`) : () => undefined;
  return startFeed({ port, host: '127.0.0.1', db, seed: SEED as never, log });
}

export function clientFor(feed: RunningFeed, user: string, fetchImpl?: typeof fetch): FeedClient {
  return new FeedClient({ baseUrl: feed.url, token: feed.tokens[user] ?? 'not-a-token', timeoutMs: 2_000, fetchImpl });
}

/** Calls a `/__admin/` control of the feed. */
export async function admin<T = unknown>(feed: RunningFeed, method: string, p: string, body?: unknown): Promise<T> {
  const res = await fetch(`${feed.url}${p}`, {
    method,
    headers: { authorization: `Bearer ${feed.adminToken}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${p} answered ${res.status}: ${await res.text()}`);
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export interface FeedDecision {
  id: string;
  findingId: string;
  action: string;
  reason: string;
  comment: string;
  review: { decision: string; comment: string } | null;
}
export interface FeedState {
  findings: { id: string; revision: string; status: string }[];
  decisions: FeedDecision[];
  reviews: unknown[];
}

/** What the feed holds now. */
export function feedState(feed: RunningFeed): Promise<FeedState> {
  return admin<FeedState>(feed, 'GET', `/__admin/state?project=${PROJECT}`);
}

export interface FeedRequest {
  method: string;
  path: string;
  idempotencyKey?: string;
  status: number;
}
/** The POSTs the feed received for decisions and reviews. */
export async function decisionPosts(feed: RunningFeed): Promise<FeedRequest[]> {
  const all = await admin<FeedRequest[]>(feed, 'GET', '/__admin/requests');
  return all.filter((r) => r.method === 'POST' && /\/(triage|review)$/.test(r.path));
}

export async function revisionOf(feed: RunningFeed, findingId: string): Promise<string> {
  const f = (await feedState(feed)).findings.find((x) => x.id === findingId);
  if (!f) throw new Error(`the feed has no finding ${findingId}`);
  return f.revision;
}

/** A clock that tells when its timers fire, so a test can wait for the outbox to have woken up. */
export class WatchedClock implements OutboxClock {
  fired = 0;
  private waiters: (() => void)[] = [];
  now(): number {
    return REAL_CLOCK.now();
  }
  setTimeout(fn: () => void, ms: number): unknown {
    return REAL_CLOCK.setTimeout(() => {
      fn();
      this.fired++;
      for (const w of this.waiters.splice(0)) w();
    }, ms);
  }
  clearTimeout(h: unknown): void {
    REAL_CLOCK.clearTimeout(h);
  }
  /** Resolves once `n` more timers have fired. */
  async firings(n: number, timeoutMs = 5_000): Promise<void> {
    const target = this.fired + n;
    await until(
      () => this.fired >= target,
      `${n} outbox timers to fire`,
      timeoutMs,
      (resolve) => this.waiters.push(resolve),
    );
  }
}

/** An outbox with fast timings whose changes a test can wait for. */
export class Observed {
  latest: OutboxEntryView[] = [];
  private waiters: (() => void)[] = [];
  outbox!: Outbox;

  static async open(dir: string, client: () => DecisionPoster | undefined, clock?: OutboxClock): Promise<Observed> {
    const o = new Observed();
    o.outbox = await Outbox.open({
      dir,
      client,
      clock,
      log: process.env.OUTBOX_LOG ? (l, m) => console.log(`  [outbox] ${l} ${m}`) : () => undefined,
      onChange: (entries) => {
        o.latest = entries;
        for (const w of o.waiters.splice(0)) w();
      },
      retryDelay: fullJitter({ baseMs: 10, capMs: 80, retryAfterCapMs: 80 }),
      heartbeatMs: 50,
      lockRetryMs: 20,
      pollMs: 50,
    });
    return o;
  }

  /** Waits until the entry `id` satisfies `pred`; fails naming what it waited for and what it saw. */
  async entry(id: string, pred: (e: OutboxEntryView) => boolean, what: string, timeoutMs = 5_000): Promise<OutboxEntryView> {
    const find = () => this.latest.find((e) => e.id === id);
    await until(
      () => {
        const e = find();
        return e !== undefined && pred(e);
      },
      () => `entry ${id} ${what} (last seen: ${JSON.stringify(find())})`,
      timeoutMs,
      (r) => this.waiters.push(r),
    );
    return find()!;
  }

  /** Waits until every entry is finished (not pending). */
  async settled(count: number, timeoutMs = 10_000): Promise<OutboxEntryView[]> {
    await until(
      () => this.latest.length === count && this.latest.every((e) => e.state !== 'pending'),
      () => `${count} entries finished (last seen: ${JSON.stringify(this.latest.map((e) => [e.state, e.attempts, e.message]))})`,
      timeoutMs,
      (r) => this.waiters.push(r),
    );
    return this.latest;
  }
}

/** Resolves when `done()` holds, re-checking each time `subscribe`'s callback runs; rejects loudly after timeoutMs. */
export function until(
  done: () => boolean,
  what: string | (() => string),
  timeoutMs: number,
  subscribe: (wake: () => void) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`)),
      timeoutMs,
    );
    const check = (): void => {
      if (done()) {
        clearTimeout(timer);
        resolve();
      } else subscribe(check);
    };
    check();
  });
}
