/**
 * Which finding a Findings Lens diagnostic is about. The server puts `{ findingId }` in the
 * diagnostic's `data` (vscode-languageclient keeps it on the diagnostic); when it is missing,
 * the finding drawn on that line of that file with that rule is the one.
 */
import type { FindingListItem } from '../../shared/protocol';

export interface DiagnosticLike {
  data?: unknown;
  code?: string | number | { value: string | number } | undefined;
  /** 0-based line of the diagnostic's start. */
  line: number;
}

export function findingIdOf(d: DiagnosticLike, uri: string, items: readonly FindingListItem[]): string | undefined {
  const data = d.data as { findingId?: unknown } | null | undefined;
  if (data && typeof data.findingId === 'string' && data.findingId) return data.findingId;
  const code = typeof d.code === 'object' && d.code !== null ? String(d.code.value) : d.code === undefined ? undefined : String(d.code);
  const match = items.find((i) => i.uri === uri && i.line === d.line && (code === undefined || i.ruleId === code || i.id === code));
  return match?.id;
}
