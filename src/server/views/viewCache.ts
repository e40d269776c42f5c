/**
 * Each file's drawn findings, diagnostics, code lenses and per-line hover index, computed once per
 * state of that file and reused by every request until the state moves on. The editor asks for
 * code lenses again and again, and hovers arrive as the pointer moves: for an unchanged file they
 * cost a lookup.
 *
 * The state is a key the server builds from everything a view reads (the document's version, the
 * store's version, the file's anchors' stamp, and an epoch it moves for anything else: settings,
 * folders, the disk's pinned code). A different key recomputes; nothing is served from an older one.
 *
 * After an edit of an open file, the key differs but most findings are the same objects at other
 * lines: their diagnostics are reused with the new range instead of being built again (related
 * locations resolve paths, the costly part).
 */
import type { CodeLens, Diagnostic, Hover, Position } from 'vscode-languageserver';
import type { FindingCore } from '../findings/store';
import type { AnchorState } from '../../shared/protocol';
import {
  closedFileDiagnostic,
  codeLensesOf,
  diagnosticsOf,
  drawFile,
  freshDiagnostic,
  hoverOf,
  type DrawnFinding,
  type ViewContext,
} from './fileView';

interface FileView {
  key: string;
  drawn: DrawnFinding[];
  diagnostics?: Diagnostic[];
  lenses?: CodeLens[];
  byLine?: Map<number, DrawnFinding[]>;
}

/** A diagnostic built for one finding, and what it was built from besides its range. */
interface DiagnosticTemplate {
  finding: FindingCore;
  /** The placement's state as the diagnostic reads it (exact and moved read the same). */
  reading: Reading;
  reReview: boolean;
  epoch: string;
  diagnostic: Diagnostic | undefined;
}

/** Files kept at most (open files and the most recently asked ones); an evicted file is recomputed. */
const MAX_FILES = 200;

export class ViewCache {
  private readonly views = new Map<string, FileView>();
  private readonly templates = new Map<string, Map<string, DiagnosticTemplate>>();

  /**
   * @param ctx the view context, asked for each computation
   * @param keyOf everything the views of `uri` depend on, as one string
   * @param epochOf the part of the key that is not about this file's text or anchors (settings, folders, store)
   */
  constructor(
    private readonly ctx: () => ViewContext,
    private readonly keyOf: (uri: string) => string,
    private readonly epochOf: () => string,
  ) {}

  diagnostics(uri: string): Diagnostic[] {
    const view = this.view(uri);
    view.diagnostics ??= this.buildDiagnostics(uri, view.drawn);
    return view.diagnostics;
  }

  codeLenses(uri: string): CodeLens[] {
    const view = this.view(uri);
    view.lenses ??= codeLensesOf(view.drawn);
    return view.lenses;
  }

  hover(uri: string, position: Position): Hover | null {
    const view = this.view(uri);
    view.byLine ??= lineIndex(view.drawn);
    const onLine = view.byLine.get(position.line) ?? [];
    const wide = view.byLine.get(WIDE) ?? [];
    return hoverOf(wide.length === 0 ? onLine : mergeInOrder(onLine, wide, view.drawn), position, this.ctx().store);
  }

  /** The file's findings as drawn now (for its code actions). */
  drawn(uri: string): readonly DrawnFinding[] {
    return this.view(uri).drawn;
  }

  /** Forgets a closed file's reusable diagnostics (its views go on being keyed, and evicted). */
  forget(uri: string): void {
    this.views.delete(uri);
    this.templates.delete(uri);
  }

  private view(uri: string): FileView {
    const key = this.keyOf(uri);
    const cached = this.views.get(uri);
    if (cached?.key === key) {
      // Most recently used last, so that eviction drops the file asked about longest ago.
      this.views.delete(uri);
      this.views.set(uri, cached);
      return cached;
    }
    const view: FileView = { key, drawn: drawFile(this.ctx(), uri) };
    this.views.delete(uri);
    this.views.set(uri, view);
    if (this.views.size > MAX_FILES) this.views.delete(this.views.keys().next().value!);
    return view;
  }

  /** Diagnostics for `drawn`, reusing each finding's previous one when only its range moved. */
  private buildDiagnostics(uri: string, drawn: readonly DrawnFinding[]): Diagnostic[] {
    const ctx = this.ctx();
    // Only open files are edited: a closed file's diagnostics are built once per sync, nothing to reuse.
    if (ctx.document(uri) === undefined) {
      this.templates.delete(uri);
      return diagnosticsOf(drawn, ctx, closedFileDiagnostic);
    }
    const epoch = this.epochOf();
    const before = this.templates.get(uri);
    const after = new Map<string, DiagnosticTemplate>();
    const out = diagnosticsOf(drawn, ctx, (d) => {
      const old = before?.get(d.finding.id);
      const reading = readingOf(d.placement.state);
      const reusable = old && old.finding === d.finding && old.reading === reading && old.reReview === d.reReview && old.epoch === epoch;
      const diagnostic = reusable ? withRange(old.diagnostic, d) : freshDiagnostic(d, ctx);
      after.set(d.finding.id, { finding: d.finding, reading, reReview: d.reReview, epoch, diagnostic });
      return diagnostic;
    });
    this.templates.set(uri, after);
    if (this.templates.size > MAX_FILES) this.templates.delete(this.templates.keys().next().value!);
    return out;
  }
}

/** What a diagnostic takes from a placement's state: none when lost, "≈" when uncertain (see diagnostics.ts). */
type Reading = 'lost' | 'uncertain' | 'sure';

function readingOf(state: AnchorState): Reading {
  return state === 'lost' || state === 'uncertain' ? state : 'sure';
}

function withRange(diagnostic: Diagnostic | undefined, d: DrawnFinding): Diagnostic | undefined {
  if (!diagnostic || sameRange(diagnostic.range, d.placement.range)) return diagnostic;
  return { ...diagnostic, range: d.placement.range };
}

function sameRange(a: Diagnostic['range'], b: Diagnostic['range']): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

/** The index's key for findings spanning more than {@link WIDE_LINES} lines: checked on every hover. */
const WIDE = -1;
const WIDE_LINES = 200;

/** Each line to the drawn findings whose range covers it (lost and hidden ones are never hovered). */
function lineIndex(drawn: readonly DrawnFinding[]): Map<number, DrawnFinding[]> {
  const byLine = new Map<number, DrawnFinding[]>();
  const add = (line: number, d: DrawnFinding): void => {
    const list = byLine.get(line);
    if (list) list.push(d);
    else byLine.set(line, [d]);
  };
  for (const d of drawn) {
    if (d.hidden || d.placement.state === 'lost') continue;
    const { start, end } = d.placement.range;
    if (end.line - start.line > WIDE_LINES) add(WIDE, d);
    else for (let line = start.line; line <= end.line; line++) add(line, d);
  }
  return byLine;
}

/** The findings of both lists in the file's drawing order (the hover lists them in that order). */
function mergeInOrder(a: readonly DrawnFinding[], b: readonly DrawnFinding[], drawn: readonly DrawnFinding[]): DrawnFinding[] {
  const wanted = new Set([...a, ...b]);
  return drawn.filter((d) => wanted.has(d));
}
