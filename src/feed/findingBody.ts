/**
 * Building the stored body of a finding from a seed entry or an admin upsert: defaults filled,
 * revision, status and timestamps set by the feed, then checked against the shared schema so the
 * feed never serves an invalid finding unless a test asks for one through /__admin/raw.
 */
import type { z } from 'zod';
import { Finding } from '../shared/feed';
import { FeedHttpError } from './errors';

/** The first problem zod found, as one line (`location.startLine: Too small...`). */
export function firstProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid value';
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue.message}`;
}

/** Checks a finding body and returns it in the schema's field order, without `triage`. */
export function checkedBody(candidate: Record<string, unknown>): Record<string, unknown> {
  const parsed = Finding.safeParse(candidate);
  if (!parsed.success) {
    throw new FeedHttpError(400, 'invalid_finding', `finding ${String(candidate.id)}: ${firstProblem(parsed.error)}`);
  }
  const { triage: _triage, ...body } = parsed.data;
  return body;
}

/** A new finding at revision 1; fields a test leaves out get harmless defaults. */
export function newFindingBody(given: Record<string, unknown>, now: string): Record<string, unknown> {
  const partial = withoutUndefined(given);
  const id = partial.id;
  return checkedBody({
    ruleId: 'test.rule',
    title: `Finding ${String(id)}`,
    message: '',
    severity: 'medium',
    location: { path: 'README.md', startLine: 1 },
    status: 'open',
    createdAt: now,
    ...partial,
    updatedAt: partial.updatedAt ?? now,
    revision: '1',
  });
}

/** An existing finding with some fields replaced (top-level merge) at the next revision. */
export function mergedFindingBody(
  existing: Record<string, unknown>,
  partial: Record<string, unknown>,
  revision: number,
  now: string,
): Record<string, unknown> {
  return checkedBody({
    ...existing,
    ...withoutUndefined(partial),
    id: existing.id,
    createdAt: existing.createdAt,
    updatedAt: now,
    revision: String(revision),
  });
}

function withoutUndefined(obj: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined));
}
