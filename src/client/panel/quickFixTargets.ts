/**
 * Which finding a Findings Lens diagnostic is about: the server puts `{ findingId }` in every
 * diagnostic's `data` (diagnostics.ts), vscode-languageclient keeps it on the diagnostic it makes,
 * and VS Code hands code action providers those same objects (the hover's links read it the same
 * way, see hoverLinks.ts). So no list is needed, and none is asked for: there used to be a
 * fallback matching file, line and rule against the whole findings list, which is now fetched
 * only while something shows it.
 */

export interface DiagnosticLike {
  data?: unknown;
}

export function findingIdOf(d: DiagnosticLike): string | undefined {
  const data = d.data as { findingId?: unknown } | null | undefined;
  return data && typeof data.findingId === 'string' && data.findingId ? data.findingId : undefined;
}
