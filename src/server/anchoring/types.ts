/**
 * The anchor engine's contract: what it is given and what it answers. Pure data, no vscode.
 */
import type { Location } from '../../shared/feed';
import type { AnchorState } from '../../shared/protocol';

export type { AnchorState };

/** A 0-based range, LSP style (end character exclusive). */
export interface AnchorRange {
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
}

/**
 * Where a finding is now and how sure the engine is.
 * - `exact`: the flagged text still stands at the reported place;
 * - `moved`: the flagged text was found elsewhere, confidently;
 * - `uncertain`: a best guess, to be drawn with a distinct look;
 * - `lost`: the flagged code is gone; `range` is then the reported place, for listing only, never drawn.
 */
export interface Anchor {
  range: AnchorRange;
  state: AnchorState;
  /** 0 (no idea) to 1 (certain). */
  confidence: number;
  /** One short sentence for the hover, e.g. "moved 12 lines down: the code above changed since commit abc1234". */
  reason: string;
  /** For `lost` only: the flagged code as the feed's snippet or the commit had it, for the listing. */
  snippet?: string;
}

/** One finding to anchor in one file. */
export interface AnchorInput {
  location: Location;
  /** The file's current text (open buffer or disk), any line endings. */
  currentText: string;
  /** The file's text at the finding's commit (`git show <commit>:<path>`), when the workspace has it. */
  baseText?: string;
  /** The finding's commit, only used to word the reason. */
  commit?: string;
}
