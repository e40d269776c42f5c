/**
 * Each finding is checked on its own: one bad finding is set aside with the reason, the rest are
 * shown. The schema is the shared one, built once; the loop allocates nothing per valid finding
 * beyond what zod's parse returns.
 */
import type { z } from 'zod';
import { Finding } from '../../shared/feed';

/** A finding the feed sent that does not match the contract, set aside and reported. */
export interface InvalidFinding {
  /** The finding's `id` when it has a string one, else null. */
  id: string | null;
  /** The first problem zod found, as "path: message" (e.g. "location.startLine: Too small..."). */
  problem: string;
}

/** Parses each finding on its own with the shared Finding schema. */
export function validateFindings(raw: readonly unknown[]): { valid: Finding[]; invalid: InvalidFinding[] } {
  const valid: Finding[] = [];
  const invalid: InvalidFinding[] = [];
  validateInto(raw, valid, invalid);
  return { valid, invalid };
}

/**
 * validateFindings appending to existing arrays, so that a many-page sync builds one array; `keep`
 * says what to hold of each valid finding (by default the finding itself).
 */
export function validateInto<T = Finding>(
  raw: readonly unknown[],
  valid: T[],
  invalid: InvalidFinding[],
  keep: (finding: Finding) => T = (f) => f as T,
): void {
  for (let i = 0; i < raw.length; i++) {
    const item = raw[i];
    const result = Finding.safeParse(item);
    if (result.success) valid.push(keep(result.data));
    else invalid.push({ id: idOf(item), problem: firstProblem(result.error) });
  }
}

/** "path: message" of the first issue; "(finding)" stands for the whole value. */
export function firstProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return '(finding): invalid';
  const where = issue.path.length === 0 ? '(finding)' : issue.path.map(String).join('.');
  return `${where}: ${issue.message}`;
}

function idOf(item: unknown): string | null {
  if (typeof item !== 'object' || item === null) return null;
  const id = (item as { id?: unknown }).id;
  return typeof id === 'string' && id !== '' ? id : null;
}
