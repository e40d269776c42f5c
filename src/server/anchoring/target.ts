/**
 * What the engine looks for: the finding's reported lines (0-based) and the flagged text, from the
 * feed's snippet or, failing that, from the file at the finding's commit.
 */
import type { Location } from '../../shared/feed';
import { isTrivial, squash, splitLines } from './text';

/** The finding's target, ready to search for. */
export interface Target {
  startLine: number;
  endLine: number;
  /** 0-based columns, when the feed gave them. */
  startCharacter?: number;
  endCharacter?: number;
  /** The flagged text with all whitespace removed ('' when neither snippet nor base text has it). */
  needle: string;
  /** The flagged lines, squashed, for fuzzy comparison with an edited line. */
  needleLines: string[];
  /** Where the needle came from. */
  source: 'snippet' | 'base' | 'none';
  /** The needle says too little to identify code on its own (`}`, `return;`). */
  weak: boolean;
  lineHash?: string;
  /** The original snippet, for the "location lost" listing. */
  snippet?: string;
}

/** Builds the target of a location, reading the flagged lines from `baseLines` when there is no snippet. */
export function targetOf(location: Location, baseLines?: readonly string[]): Target {
  const startLine = location.startLine - 1;
  const endLine = Math.max(startLine, (location.endLine ?? location.startLine) - 1);
  const fromSnippet = location.snippet !== undefined && squash(location.snippet) !== '';
  const fromBase = !fromSnippet && baseLines !== undefined && startLine < baseLines.length;
  const text = fromSnippet ? location.snippet! : fromBase ? baseLines!.slice(startLine, endLine + 1).join('\n') : '';
  const needleLines = splitLines(text)
    .map(squash)
    .filter((s) => s !== '');
  const needle = needleLines.join('');
  return {
    startLine,
    endLine,
    startCharacter: location.startColumn !== undefined ? location.startColumn - 1 : undefined,
    endCharacter: location.endColumn !== undefined ? location.endColumn - 1 : undefined,
    needle,
    needleLines,
    source: fromSnippet ? 'snippet' : fromBase ? 'base' : 'none',
    weak: needle.length < 10 || needleLines.every(isTrivial),
    lineHash: location.lineHash,
    snippet: location.snippet ?? (fromBase ? text : undefined),
  };
}
