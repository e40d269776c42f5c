/**
 * The hover's way into the triage panel. The server's hover is untrusted markdown (feed text, no
 * command links); the client adds one separate, trusted line per finding under the cursor whose
 * only enabled command is the fixed showDetails, with the finding id as its JSON argument, so that
 * feed text can never name a command or smuggle markdown into the link.
 */
import { Commands, DIAGNOSTIC_SOURCE } from '../shared/commands';

/** What the client needs of a diagnostic to find the findings under the cursor. */
export interface DiagnosticLike {
  source?: string;
  data?: unknown;
  contains(line: number, character: number): boolean;
}

/** The finding ids of Findings Lens diagnostics under the position, in order, without repeats. */
export function findingIdsAt(diagnostics: readonly DiagnosticLike[], line: number, character: number): string[] {
  const ids: string[] = [];
  for (const d of diagnostics) {
    if (d.source !== DIAGNOSTIC_SOURCE || !d.contains(line, character)) continue;
    const id = (d.data as { findingId?: unknown } | undefined)?.findingId;
    if (typeof id === 'string' && id !== '' && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** Markdown with one "Open in the triage panel" link per finding; the labels hold no feed text. */
export function detailsLinks(findingIds: readonly string[]): string {
  return findingIds
    .map((id, i) => {
      const label = findingIds.length === 1 ? 'Open in the triage panel' : `Open finding ${i + 1} in the triage panel`;
      return `[$(shield) ${label}](command:${Commands.showDetails}?${strictUriComponent(JSON.stringify([id]))})`;
    })
    .join('  \n');
}

/** encodeURIComponent leaves `( ) ! ' *` alone; a `)` would end the markdown link, so encode them too. */
export function strictUriComponent(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
