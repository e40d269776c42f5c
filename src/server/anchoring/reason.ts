/** The one short sentence a hover shows about an anchor. Wording only: no decisions are made here. */

/** "since commit abc1234", or "since the scan" when the feed gave no commit. */
export function since(commit: string | undefined): string {
  return commit ? `since commit ${commit.slice(0, 7)}` : 'since the scan';
}

/** "moved 12 lines down", "moved 1 line up". */
export function movedBy(from: number, to: number): string {
  const n = Math.abs(to - from);
  return `moved ${n} line${n === 1 ? '' : 's'} ${to > from ? 'down' : 'up'}`;
}

export const reasons = {
  unchanged: (commit?: string) => `unchanged ${since(commit)}`,
  shiftedByDiff: (from: number, to: number, commit?: string) => `${movedBy(from, to)}: the code above changed ${since(commit)}`,
  movedSince: (from: number, to: number, commit?: string) => `${movedBy(from, to)} ${since(commit)}`,
  reformatted: (commit?: string) => `the flagged code was reformatted ${since(commit)}`,
  relocated: (from: number, to: number, commit?: string) => `${movedBy(from, to)}: the flagged code was moved ${since(commit)}`,
  snippetInPlace: () => 'the flagged code is still at the reported line',
  snippetFound: (from: number, to: number) => `${movedBy(from, to)}: found the flagged code by its snippet`,
  hashFound: (from: number, to: number) => `${movedBy(from, to)}: found the flagged line by its line hash`,
  hashFoundEditedBelow: (from: number, to: number) =>
    from === to
      ? 'found by its line hash, with lines added below it'
      : `${movedBy(from, to)}: found by its line hash, with lines added below it`,
  hashInPlace: () => 'the line hash still matches at the reported line',
  several: (n: number) => `the flagged code appears ${n} times here: shown at the one nearest its expected place`,
  weak: () => 'the flagged code is too short to identify for sure: best guess',
  edited: (commit?: string) => `the flagged line was edited ${since(commit)}: best guess at where it is now`,
  movedAndEdited: (commit?: string) => `the flagged code was moved and edited ${since(commit)}: best guess`,
  partlyEdited: (commit?: string) => `part of the flagged code was edited ${since(commit)}: best guess`,
  insideLongerLine: (commit?: string) => `the flagged code is now part of a longer line: it was edited ${since(commit)}: best guess`,
  editedInPlace: (commit?: string) => `the flagged code was replaced ${since(commit)}; the lines around it are unchanged: best guess`,
  editedBelowUnchanged: () => 'the flagged line was edited since the scan; the lines below it are unchanged (by its line hash): best guess',
  neighboursChanged: (commit?: string) =>
    `the flagged code appears more than once, and the lines around it changed ${since(commit)}: best guess`,
  foundContextChanged: (from: number, to: number) =>
    `${movedBy(from, to)}: found by its snippet, but its line hash does not match there: best guess`,
  editedNextToCopy: (copies: number) =>
    `the flagged line looks edited where it was (${copies === 1 ? 'an identical copy stands elsewhere' : `${copies} identical copies stand elsewhere`}): best guess`,
  repeatedAtCommit: (n: number) => `found by its snippet, but its line hash says it was one of ${n} or more alike at the scan: best guess`,
  severalAtPlace: (n: number) => `the flagged code appears ${n} times here: shown at the one on its reported line, unverified`,
  hashOrdinal: (n: number) => `the flagged code appears ${n} times here: shown at the one its line hash points to`,
  hashStale: () => 'the feed gave a line hash that no longer matches and no snippet: shown at the reported line, unverified',
  noEvidence: () => 'the feed gave no commit and no snippet: shown at the reported line, unverified',
  gone: (commit?: string) => `location lost: the flagged code is no longer in this file ${since(commit)}`,
  beyondEnd: () => 'location lost: the file is now shorter than the reported line',
};
