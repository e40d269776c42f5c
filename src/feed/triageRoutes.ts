/**
 * The write side of /v1 and the lead's list: triage, review, and `GET .../triage`. Both POSTs are
 * idempotent by `Idempotency-Key`: the first answer is stored with a hash of (user, path, body).
 */
import type { IncomingMessage } from 'node:http';
import { ReviewRequest, TRIAGE_LIST_STATES, TriageRequest } from '../shared/feed';
import type { FeedContext } from './context';
import { FeedHttpError } from './errors';
import { firstProblem } from './findingBody';
import { checkProjectAccess } from './findingsRoute';
import { header, parseJsonBody, readBody } from './httpIo';
import { revisionFromIfMatch } from './ifMatch';
import type { FeedUser } from './storage/accounts';
import { decisionFromRow, type TriageListState } from './storage/decisionsTable';
import type { FeedStorage, FeedTables } from './storage/feedStorage';
import { requestHash } from './storage/idempotencyTable';
import { checkTriageable, findingForUser, recordReview, recordTriage } from './triage';

/** An answer to send, and whether it is a replay of an earlier one. */
export interface Answer {
  status: number;
  body: unknown;
  replayed: boolean;
}

/**
 * Runs `work` once per idempotency key, in one transaction that claims the key first: a repeat of
 * the same request gets the stored answer (on any instance, even while the first is still being
 * answered: the claim waits for it), the same key on another request is a 409. Only successful
 * answers are stored, so a refused request can be corrected and sent again under its key.
 */
export function answerOnce(
  storage: FeedStorage,
  key: string,
  hash: string,
  work: (tx: FeedTables) => Promise<{ status: number; body: unknown }>,
): Promise<Answer> {
  return storage.transaction(async (tx) => {
    const earlier = await tx.idempotency.claim(key, hash);
    if (earlier) {
      if (earlier.requestHash !== hash) {
        throw new FeedHttpError(409, 'idempotency_key_reused', 'this Idempotency-Key was already used for a different request');
      }
      return { status: earlier.status, body: earlier.body, replayed: true };
    }
    const answer = await work(tx);
    await tx.idempotency.answer(key, answer);
    return { ...answer, replayed: false };
  });
}

/**
 * The request's Idempotency-Key, required on every write, kept per user: two users (of two
 * organizations, say) who pick the same key never meet, and nobody learns that a key was used by
 * someone else.
 */
export function idempotencyKey(req: IncomingMessage, user: FeedUser): string {
  const key = header(req, 'idempotency-key')?.trim();
  if (!key) throw new FeedHttpError(400, 'idempotency_key_required', 'send an Idempotency-Key header with every triage, review and upload');
  if (key.length > 200) throw new FeedHttpError(400, 'invalid_idempotency_key', 'Idempotency-Key is longer than 200 characters');
  return `${user.id}\n${key}`;
}

function parseWith<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: import('zod').ZodError } },
  raw: string,
): T {
  const result = schema.safeParse(parseJsonBody(raw));
  if (!result.success) throw new FeedHttpError(400, 'invalid_request', firstProblem(result.error));
  return result.data;
}

export function requireLead(user: FeedUser): void {
  if (user.role !== 'lead') throw new FeedHttpError(403, 'forbidden', 'only a lead may do this');
}

/** `POST /v1/findings/{id}/triage` */
export async function postTriage(ctx: FeedContext, user: FeedUser, req: IncomingMessage, path: string, findingId: string): Promise<Answer> {
  const key = idempotencyKey(req, user);
  const raw = await readBody(req, ctx.limits.maxBodyBytes);
  const ifMatch = revisionFromIfMatch(header(req, 'if-match'));
  return answerOnce(ctx.storage, key, requestHash(user.id, path, raw), async (tx) => {
    const finding = await findingForUser(tx, user, findingId);
    const request = parseWith(TriageRequest, raw);
    await checkTriageable(tx, finding, ifMatch);
    return { status: 201, body: await recordTriage(tx, user, finding, request) };
  });
}

/** `POST /v1/triage/{id}/review` (leads only) */
export async function postReview(
  ctx: FeedContext,
  user: FeedUser,
  req: IncomingMessage,
  path: string,
  decisionId: string,
): Promise<Answer> {
  requireLead(user);
  const key = idempotencyKey(req, user);
  const raw = await readBody(req, ctx.limits.maxBodyBytes);
  return answerOnce(ctx.storage, key, requestHash(user.id, path, raw), async (tx) => {
    const request = parseWith(ReviewRequest, raw);
    return { status: 201, body: await recordReview(tx, user, decisionId, request) };
  });
}

/** `GET /v1/projects/{project}/triage?state=pending|reviewed|all` (leads only): pending first, then newest first. */
export async function listTriage(
  ctx: FeedContext,
  user: FeedUser,
  project: string,
  params: URLSearchParams,
): Promise<{ decisions: unknown[] }> {
  requireLead(user);
  await checkProjectAccess(ctx, user, project);
  const state = params.get('state') ?? 'pending';
  if (!(TRIAGE_LIST_STATES as readonly string[]).includes(state)) {
    throw new FeedHttpError(400, 'invalid_state', `state must be one of ${TRIAGE_LIST_STATES.join(', ')}`);
  }
  const rows = await ctx.storage.decisions.list(project, state as TriageListState);
  const decisions = [];
  for (const row of rows) {
    const finding = await ctx.storage.findings.get(row.d_finding_key);
    const body = finding?.body ?? {};
    decisions.push({
      ...decisionFromRow(row),
      finding: {
        id: row.d_finding_key,
        title: body.title,
        ruleId: body.ruleId,
        severity: body.severity,
        status: finding?.status,
        location: body.location,
      },
    });
  }
  return { decisions };
}
