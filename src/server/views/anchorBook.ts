/**
 * The anchors of every open file that has findings: one {@link FileAnchors} per URI, built when the
 * file opens or the feed changes its findings, kept up to date edit by edit, settled by a full pass
 * on save or after a pause in typing, and dropped when the file closes.
 *
 * Closed files are not this book's: they are drawn at the feed's lines, unless they differ from
 * their findings' commits on disk, in which case closedFiles.ts anchors them from the disk in the
 * background, only those git lists as changed (the cost follows the changed files, not the feed).
 * The moment a file is opened, its findings are anchored here to the text the user sees.
 *
 * Cost per edit: {@link FileAnchors.applyEdit} for that file only, O(findings in the file) at worst,
 * never proportional to the workspace or to the length of the file.
 */
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { FindingCore as Finding } from '../findings/store';
import { FileAnchors, type FileFinding } from '../anchoring';
import { placementOfAnchor, type Placement } from './placement';

/** How long typing must pause before the full pass (the diff can then re-place uncertain or lost findings). */
export const SETTLE_DELAY_MS = 750;

/** A cancellable timer; the server uses setTimeout, tests drive their own. */
export type Timer = (run: () => void, ms: number) => { cancel(): void };

/** What the book needs from the server. */
export interface AnchorBookDeps {
  /** The findings whose path resolved to `uri`. */
  findingsOf(uri: string): readonly Finding[];
  /** The open document's current text, or undefined when it is not open. */
  textOf(uri: string): string | undefined;
  /** The file at the finding's commit, when the workspace has it (git); omitted when there is no repository. */
  baseOf?(uri: string, finding: Finding): Promise<string | undefined>;
  /** Anchors of `uri` changed outside an edit (the settling pass, base texts arriving): publish it again. */
  onSettled(uri: string): void;
  timer?: Timer;
  settleDelayMs?: number;
}

interface OpenFile {
  anchors: FileAnchors;
  /** Bumped by every rebuild and close, so that a late base-text answer for an older build is dropped. */
  generation: number;
  settle?: { cancel(): void };
  /** Some anchor moved by an edit since the last settling pass (the list and the lenses may be stale). */
  movedByEdits: boolean;
}

const nodeTimer: Timer = (run, ms) => {
  const handle = setTimeout(run, ms);
  return { cancel: () => clearTimeout(handle) };
};

export class AnchorBook {
  private readonly files = new Map<string, OpenFile>();
  /** Files whose anchors changed since the server last asked (see {@link takeChanged}). */
  private readonly changed = new Set<string>();
  private generation = 0;
  /** Per file, the revision of its anchors' last change (see {@link stamp}). */
  private readonly stamps = new Map<string, number>();
  private revision = 0;

  constructor(private readonly deps: AnchorBookDeps) {}

  /**
   * (Re)builds the anchors of `uri` from its current text: on open, and when the feed changed its
   * findings. A file that is not open, or has no findings, holds none. The engine runs at once with
   * the feeds' snippets; when the repository has the findings' commits, it runs again with them.
   */
  rebuild(uri: string): void {
    this.drop(uri);
    this.touch(uri);
    const text = this.deps.textOf(uri);
    const findings = text === undefined ? [] : this.deps.findingsOf(uri);
    if (text === undefined || findings.length === 0) return;
    const generation = ++this.generation;
    this.files.set(uri, {
      anchors: new FileAnchors(
        findings.map((f) => fileFinding(f)),
        text,
      ),
      generation,
      movedByEdits: false,
    });
    if (this.deps.baseOf && findings.some((f) => f.commit !== undefined)) void this.withBases(uri, findings, generation);
  }

  /** Applies one didChange's content changes, in order. Call before the document itself is updated. */
  edit(uri: string, changes: readonly TextDocumentContentChangeEvent[]): void {
    const file = this.files.get(uri);
    if (!file) return;
    let moved = false;
    for (const change of changes) {
      const ids = 'range' in change ? file.anchors.applyEdit(change) : file.anchors.reanchorAll(change.text);
      moved ||= ids.length > 0;
    }
    this.touch(uri);
    if (moved) {
      this.changed.add(uri);
      file.movedByEdits = true;
    }
    file.settle?.cancel();
    file.settle = (this.deps.timer ?? nodeTimer)(() => this.settle(uri), this.deps.settleDelayMs ?? SETTLE_DELAY_MS);
  }

  /**
   * The full pass (on save, or when typing paused). Tells the server when anything moved since the
   * last pass, by this pass or by the edits before it, so that it refreshes what edits do not
   * refresh (the findings list, code lenses in editors that do not re-ask after each edit).
   */
  settle(uri: string): void {
    const file = this.files.get(uri);
    if (!file) return;
    file.settle?.cancel();
    file.settle = undefined;
    const moved = file.anchors.reanchorAll().length > 0 || file.movedByEdits;
    file.movedByEdits = false;
    this.touch(uri);
    if (moved) this.deps.onSettled(uri);
  }

  /** Whether the anchors of `uri` changed since the last call (then publish that file again). */
  takeChanged(uri: string): boolean {
    return this.changed.delete(uri);
  }

  /** The file closed: its findings go back to the feed's lines. */
  close(uri: string): void {
    this.drop(uri);
    this.touch(uri);
  }

  /**
   * Moves on whenever the anchors of `uri` may have changed (built, edited, settled, closed): what
   * is derived from them is stale when the stamp differs.
   */
  stamp(uri: string): number {
    return this.stamps.get(uri) ?? 0;
  }

  /** Where finding `id` is drawn in the open file `uri`, or undefined when the book does not hold it. */
  placement(uri: string, id: string): Placement | undefined {
    const anchor = this.files.get(uri)?.anchors.get(id);
    return anchor ? placementOfAnchor(anchor) : undefined;
  }

  /** Whether `uri` is an open file whose findings are anchored here. */
  holds(uri: string): boolean {
    return this.files.has(uri);
  }

  /** Cancels every pending settling pass. */
  dispose(): void {
    for (const uri of [...this.files.keys()]) this.drop(uri);
  }

  private touch(uri: string): void {
    this.stamps.set(uri, ++this.revision);
  }

  private drop(uri: string): void {
    const file = this.files.get(uri);
    file?.settle?.cancel();
    this.files.delete(uri);
    this.changed.delete(uri);
  }

  /** The second build, with each finding's file at its commit; dropped if the file was rebuilt or closed meanwhile. */
  private async withBases(uri: string, findings: readonly Finding[], generation: number): Promise<void> {
    const bases = await Promise.all(
      findings.map((f) => (f.commit === undefined ? Promise.resolve(undefined) : this.deps.baseOf!(uri, f).catch(() => undefined))),
    );
    const file = this.files.get(uri);
    const text = this.deps.textOf(uri);
    if (!file || file.generation !== generation || text === undefined || bases.every((b) => b === undefined)) return;
    const anchors = new FileAnchors(
      findings.map((f, i) => fileFinding(f, bases[i])),
      text,
    );
    const moved = findings.some((f) => !sameAnchor(file.anchors, anchors, f.id));
    file.anchors = anchors;
    this.touch(uri);
    if (moved) this.deps.onSettled(uri);
  }
}

function fileFinding(finding: Finding, base?: string): FileFinding {
  return { id: finding.id, location: finding.location, base, commit: finding.commit };
}

function sameAnchor(a: FileAnchors, b: FileAnchors, id: string): boolean {
  return JSON.stringify(a.get(id)) === JSON.stringify(b.get(id));
}
