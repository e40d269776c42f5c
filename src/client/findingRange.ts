/** Where to put the cursor for a finding: the feed's 1-based location as a 0-based range. */
import type { Location } from '../shared/feed';

/** A 0-based range, as the editor counts. */
export interface ZeroBasedRange {
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
}

export function findingRange(location: Location): ZeroBasedRange {
  const startLine = location.startLine - 1;
  const startCharacter = (location.startColumn ?? 1) - 1;
  const endLine = Math.max(startLine, (location.endLine ?? location.startLine) - 1);
  const sameLine = endLine === startLine;
  // Without an end column the cursor goes to the start: the hover opens on the finding itself.
  const endColumn = location.endColumn ?? location.startColumn ?? 1;
  const endCharacter = sameLine ? Math.max(startCharacter, endColumn - 1) : endColumn - 1;
  return { startLine, startCharacter, endLine, endCharacter };
}
