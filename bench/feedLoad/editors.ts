/**
 * Simulated editors: each does a full sync, then until the deadline waits a moment (its "think
 * time"), sometimes records a decision on one of its own findings, and syncs incrementally from its
 * last sync token. Every decision is sent twice under one Idempotency-Key, the second time to the
 * other instance when there are two (a client retrying after a lost answer): the feed must store
 * it once and give both the same answer.
 */
import { send, type Answer } from './http';

export interface EditorPlan {
  id: string;
  token: string;
  project: string;
  /** The findings this editor decides on, in order (revision 1 each). */
  findings: string[];
  /** The instance it talks to first, then the one its retries go to. */
  urls: [string, string];
}

/** What the editors saw, for the table. */
export class Tally {
  readonly latencies: Record<'sync' | 'decision', number[]> = { sync: [], decision: [] };
  readonly statuses = new Map<number, number>();
  errors = 0;
  /** Idempotency key → the decision ids its answers carried. */
  readonly decided = new Map<string, Set<string>>();

  record(kind: 'sync' | 'decision', answer: Answer): void {
    this.latencies[kind].push(answer.ms);
    this.statuses.set(answer.status, (this.statuses.get(answer.status) ?? 0) + 1);
  }

  get requests(): number {
    return this.latencies.sync.length + this.latencies.decision.length;
  }
}

const DECIDE_CHANCE = 0.3;

export async function runEditor(plan: EditorPlan, until: number, thinkMs: number, tally: Tally, random: () => number): Promise<void> {
  await pause(random() * thinkMs, until);
  let token = await sync(plan, undefined, tally);
  let next = 0;
  while (Date.now() < until) {
    await pause(thinkMs * (0.5 + random()), until);
    if (Date.now() >= until) break;
    if (next < plan.findings.length && random() < DECIDE_CHANCE) await decide(plan, plan.findings[next]!, `${plan.id}-${next++}`, tally);
    token = await sync(plan, token, tally);
  }
}

async function sync(plan: EditorPlan, since: string | undefined, tally: Tally): Promise<string | undefined> {
  let cursor: string | null = null;
  let token = since;
  do {
    const query = new URLSearchParams();
    if (cursor) query.set('cursor', cursor);
    else if (since) query.set('since', since);
    const answer = await attempt(() => send(`${plan.urls[0]}/v1/projects/${plan.project}/findings?${query}`, { token: plan.token }), tally);
    if (!answer) return token;
    tally.record('sync', answer);
    if (answer.status !== 200) return token;
    cursor = answer.json.nextCursor;
    token = answer.json.syncToken;
  } while (cursor);
  return token;
}

async function decide(plan: EditorPlan, finding: string, key: string, tally: Tally): Promise<void> {
  const ids = new Set<string>();
  tally.decided.set(key, ids);
  for (const url of plan.urls) {
    const answer = await attempt(
      () =>
        send(`${url}/v1/findings/${encodeURIComponent(finding)}/triage`, {
          method: 'POST',
          token: plan.token,
          body: { action: 'acknowledge', reason: 'will_fix', comment: 'from the load test' },
          headers: { 'Idempotency-Key': key, 'If-Match': '1' },
        }),
      tally,
    );
    if (!answer) continue;
    tally.record('decision', answer);
    if (answer.status === 201) ids.add(answer.json.decision.id);
  }
}

async function attempt(work: () => Promise<Answer>, tally: Tally): Promise<Answer | undefined> {
  try {
    return await work();
  } catch {
    tally.errors++;
    return undefined;
  }
}

/** The editor's think time (the load test's pacing, not a wait for an event). */
function pause(ms: number, until: number): Promise<void> {
  const wait = Math.max(0, Math.min(ms, until - Date.now()));
  return new Promise((resolve) => setTimeout(resolve, wait));
}
