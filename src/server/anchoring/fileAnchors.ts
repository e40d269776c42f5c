/**
 * The anchors of one open file, kept up to date keystroke by keystroke (incremental text sync).
 *
 * Complexity of {@link FileAnchors.applyEdit}, for F findings in the file, an edit that replaces
 * E lines with E' lines, and W = 30 lines of search window:
 * - the edit itself: O(length of the edited lines) when the line count is unchanged (typing); an
 *   array splice (a memmove of the line pointers, microseconds for 10,000 lines) when it changes;
 * - findings above the edit: untouched; findings below it: their lines shift by the line delta,
 *   O(1) each, so O(F) in all (F is small per file; no text is read for them);
 * - findings whose range intersects the edit: re-anchored against the W lines around them and the
 *   edited lines only, O((E' + W) · line length) each. The whole file is never re-scanned.
 * - `lost` findings are re-examined only when the inserted text contains their flagged text (a paste
 *   or an undo brings code back), O(inserted length).
 * A full pass ({@link FileAnchors.reanchorAll}: the diff against each base text plus every search)
 * is for didOpen, a new feed sync, or a save/idle debounce; it is O(n log n) in the file length.
 */
import type { Location } from '../../shared/feed';
import { anchorTarget, prepareBase, type PreparedBase } from './anchor';
import { rangeOfLines } from './range';
import { candidates, chooseNear, fuzzy, lost } from './search';
import { targetOf, type Target } from './target';
import { squash, splitLines } from './text';
import { TextIndex } from './textIndex';
import type { Anchor } from './types';
import { reasons } from './reason';

const WINDOW = 30;

/** A finding of this file: its feed location, the file's text at its commit when known, and the commit. */
export interface FileFinding {
  id: string;
  location: Location;
  /** The file's text at the finding's commit (see git.ts), when the workspace has that commit. */
  base?: string;
  commit?: string;
}

/** An LSP `TextDocumentContentChangeEvent` with a range: 0-based lines and UTF-16 characters. */
export interface TextEdit {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  text: string;
}

interface Entry {
  finding: FileFinding;
  target: Target;
  anchor: Anchor;
}

export class FileAnchors {
  private lines: string[];
  private readonly entries = new Map<string, Entry>();

  constructor(findings: readonly FileFinding[], text: string) {
    this.lines = splitLines(text);
    const bases = new Map<string, string[]>();
    for (const finding of findings) {
      let baseLines = finding.base === undefined ? undefined : bases.get(finding.base);
      if (finding.base !== undefined && !baseLines) bases.set(finding.base, (baseLines = splitLines(finding.base)));
      const target = targetOf(finding.location, baseLines);
      this.entries.set(finding.id, { finding, target, anchor: placeholder(target) });
    }
    this.reanchorAll();
  }

  /** The anchor of one finding, or undefined if it is not in this file. */
  get(id: string): Anchor | undefined {
    return this.entries.get(id)?.anchor;
  }

  /** Every finding id of the file. */
  ids(): string[] {
    return [...this.entries.keys()];
  }

  /**
   * The full pass: diff against each distinct base text once, search once per finding. Pass the
   * document's text when it was replaced wholesale (full sync, reload); returns the ids that changed.
   */
  reanchorAll(text?: string): string[] {
    if (text !== undefined) this.lines = splitLines(text);
    const current = new TextIndex(this.lines);
    const prepared = new Map<string, PreparedBase>();
    const changed: string[] = [];
    for (const [id, entry] of this.entries) {
      const baseText = entry.finding.base;
      let base = baseText === undefined ? undefined : prepared.get(baseText);
      if (baseText !== undefined && !base) prepared.set(baseText, (base = prepareBase(baseText, current)));
      if (this.update(entry, anchorTarget(entry.target, current, base, entry.finding.commit))) changed.push(id);
    }
    return changed;
  }

  /** Applies one content change and re-anchors what it touched. Returns the ids whose anchor changed. */
  applyEdit(edit: TextEdit): string[] {
    const { first, oldLast, newLast, changedFrom, changedTo } = this.spliceLines(edit);
    const delta = newLast - oldLast;
    let inserted: string | undefined;
    const changed: string[] = [];
    for (const [id, entry] of this.entries) {
      const range = entry.anchor.range;
      if (entry.anchor.state === 'lost') {
        inserted ??= squash(edit.text);
        const comesBack = entry.target.needle !== '' && inserted.includes(entry.target.needle);
        const next = comesBack
          ? this.relocate(entry, changedFrom, changedTo)
          : range.startLine > oldLast
            ? shifted(entry, delta)
            : undefined;
        if (next && this.update(entry, next)) changed.push(id);
      } else if (range.endLine < first) {
        continue;
      } else if (range.startLine > oldLast) {
        if (delta !== 0 && this.update(entry, shifted(entry, delta))) changed.push(id);
      } else if (this.update(entry, this.relocate(entry, changedFrom, changedTo))) {
        changed.push(id);
      }
    }
    return changed;
  }

  /**
   * Replaces the edited lines. Returns the first edited line, the last one before and after, and the
   * lines whose text really changed (a whole-line deletion leaves the line after it untouched).
   */
  private spliceLines(edit: TextEdit): { first: number; oldLast: number; newLast: number; changedFrom: number; changedTo: number } {
    const last = this.lines.length - 1;
    const first = Math.min(Math.max(edit.range.start.line, 0), last);
    const oldLast = Math.min(Math.max(edit.range.end.line, first), last);
    const oldFirstText = this.lines[first]!;
    const oldLastText = this.lines[oldLast]!;
    const prefix = oldFirstText.slice(0, edit.range.start.character);
    const suffix = oldLastText.slice(edit.range.end.character);
    const pieces = !/[\r\n]/.test(edit.text) ? [prefix + edit.text + suffix] : splitLines(prefix + edit.text + suffix);
    if (pieces.length === 1 && first === oldLast) this.lines[first] = pieces[0]!;
    else if (pieces.length < 10_000) this.lines.splice(first, oldLast - first + 1, ...pieces);
    else this.lines = [...this.lines.slice(0, first), ...pieces, ...this.lines.slice(oldLast + 1)];
    const newLast = first + pieces.length - 1;
    const keptFirst = pieces.length > 1 && pieces[0] === oldFirstText ? 1 : 0;
    const keptLast = (pieces.length > 1 || oldLast > first) && suffix === oldLastText && pieces[pieces.length - 1] === oldLastText ? 1 : 0;
    return { first, oldLast, newLast, changedFrom: first + keptFirst, changedTo: newLast - keptLast };
  }

  /** Re-anchors one finding from the lines around where it was and the edited lines. */
  private relocate(entry: Entry, editFrom: number, editTo: number): Anchor {
    const { target, finding } = entry;
    const last = this.lines.length - 1;
    const span = target.endLine - target.startLine;
    const expected = Math.min(Math.max(entry.anchor.range.startLine, 0), last);
    const from = Math.max(0, Math.min(expected, editFrom) - WINDOW);
    const to = Math.min(last, Math.max(expected + span, editTo) + WINDOW);
    const window = new TextIndex(this.lines, from, to);
    if (target.needle !== '') {
      const found = candidates(target, window);
      if (found.length > 0) return chooseNear(found, target, window, expected, finding.commit);
      // Lines outside the edit were other code a keystroke ago: only the edited lines can be the flagged ones.
      const edited = { from: editFrom, to: editTo, expected: Math.min(Math.max(expected, editFrom), Math.max(editFrom, editTo)) };
      return (
        fuzzy(target, window, edited, target.needleLines[0] ?? '', finding.commit) ?? lost(target, window, reasons.gone(finding.commit))
      );
    }
    // No flagged text to look for: the finding follows the line it was on.
    const start = Math.min(expected, last);
    return { ...entry.anchor, range: rangeOfLines(this.lines, start, Math.min(start + span, last), target, false) };
  }

  private update(entry: Entry, next: Anchor): boolean {
    const a = entry.anchor;
    const same =
      a.state === next.state &&
      a.range.startLine === next.range.startLine &&
      a.range.endLine === next.range.endLine &&
      a.range.startCharacter === next.range.startCharacter &&
      a.range.endCharacter === next.range.endCharacter;
    entry.anchor = next;
    return !same;
  }
}

/** The anchor moved along with the lines above it; `exact` and `moved` follow where it now is. */
function shifted(entry: Entry, delta: number): Anchor {
  const { anchor, target, finding } = entry;
  const r = anchor.range;
  const range = { ...r, startLine: r.startLine + delta, endLine: r.endLine + delta };
  if (anchor.state !== 'exact' && anchor.state !== 'moved') return { ...anchor, range };
  if (range.startLine === target.startLine) return { ...anchor, range, state: 'exact', reason: reasons.unchanged(finding.commit) };
  return { ...anchor, range, state: 'moved', reason: reasons.movedSince(target.startLine, range.startLine, finding.commit) };
}

function placeholder(target: Target): Anchor {
  const range = { startLine: target.startLine, startCharacter: 0, endLine: target.endLine, endCharacter: 0 };
  return { range, state: 'lost', confidence: 0, reason: '' };
}
