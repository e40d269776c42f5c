/**
 * Batch mode: the engine without an editor, one JSON object per line in and out, so any corpus
 * (real repositories' histories included) can be run through it. See docs/architecture.md
 * "Anchoring batch mode". Pure: scripts/anchor-batch.ts does the reading and writing.
 */
import { z } from 'zod';
import { Location } from '../../shared/feed';
import { anchor } from './anchor';
import type { Anchor } from './types';

/** One input line: a finding's location and the file's texts. */
export const BatchInput = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  location: Location,
  currentText: z.string(),
  baseText: z.string().optional(),
  commit: z.string().optional(),
});
export type BatchInput = z.infer<typeof BatchInput>;

/** One output line: the anchor, or why the input line could not be anchored. */
export type BatchOutput = { id: string | number; anchor: Anchor } | { id: string | number; error: string };

/** Anchors one input line; `lineNumber` (1-based) is the id when the input has none. */
export function anchorBatchLine(line: string, lineNumber: number): BatchOutput {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (e) {
    return { id: lineNumber, error: `line ${lineNumber} is not JSON: ${(e as Error).message}` };
  }
  const parsed = BatchInput.safeParse(json);
  const rawId = (json as { id?: unknown } | null)?.id;
  const id = typeof rawId === 'string' || typeof rawId === 'number' ? rawId : lineNumber;
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { id, error: `line ${lineNumber}: ${issue ? `${issue.path.join('.') || 'input'}: ${issue.message}` : 'invalid input'}` };
  }
  const { location, currentText, baseText, commit } = parsed.data;
  return { id, anchor: anchor({ location, currentText, baseText, commit }) };
}
