/**
 * Whether a decision needs a re-review: the code it was pinned to (`triage.codeHash`) has changed
 * since. The code is read where the user sees it: the editor's text for an open file, the disk's
 * for a closed one (see diskCodeHashes.ts). The verdict decides how a finding is drawn, listed and
 * counted; a flip re-publishes its file and moves the lenses, the list and the counts on.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { needsReReview } from '../findings/findingState';
import type { FindingCore, FindingStore, StoredFinding } from '../findings/store';
import type { Placement } from '../views/placement';
import { codeHash, coveredLines } from './codeHash';
import { DiskCodeHashes, hashesInText } from './diskCodeHashes';

export interface ReReviewDeps {
  store: FindingStore;
  /** The open document at `uri`, if it is open. */
  document(uri: string): TextDocument | undefined;
  /** Where the finding is drawn now (the anchor engine's place in an open file, else the feed's lines). */
  place(uri: string, finding: FindingCore, doc: TextDocument | undefined): Placement;
  /** A file of the project folder, read only when its real path is inside the folder (see workspaceFiles.ts). */
  readProjectFile(uri: string): Promise<string | undefined>;
}

export class ReReview {
  /** Closed files' flagged code, for findings whose decision is pinned to it. */
  private readonly disk: DiskCodeHashes;
  /** The verdicts last shown for open files' pinned findings, to re-publish when one flips. */
  private readonly shown = new Map<string, boolean>();
  private flips = 0;

  constructor(private readonly deps: ReReviewDeps) {
    this.disk = new DiskCodeHashes((uri) => deps.readProjectFile(uri));
  }

  /** Moves on when a closed file's pinned code changed: the views drawn from it are stale. */
  get diskVersion(): number {
    return this.disk.version;
  }

  /** Moves on when any verdict may have changed (disk or editor): the counts are stale. */
  get version(): string {
    return `${this.disk.version}.${this.flips}`;
  }

  /** Whether the code the finding's decision was pinned to changed: the editor's text when open, else the disk's. */
  needsReReview(uri: string, finding: FindingCore, placement: Placement): boolean {
    const doc = this.deps.document(uri);
    return needsReReview(finding, doc ? openCodeHash(doc, placement) : this.disk.get(finding.id));
  }

  /** The same verdict for a stored finding, for the counts and the list: where it is drawn now when its file is open. */
  ofStored(stored: StoredFinding): boolean {
    if (!stored.resolution.ok || stored.finding.triage?.codeHash === undefined) return false;
    const uri = stored.resolution.uri;
    return this.needsReReview(uri, stored.finding, this.deps.place(uri, stored.finding, this.deps.document(uri)));
  }

  /** The hash of the finding's flagged code as the user sees it now, for a new decision. */
  async codeHashNow(stored: StoredFinding): Promise<string | undefined> {
    if (!stored.resolution.ok) return undefined;
    const uri = stored.resolution.uri;
    const doc = this.deps.document(uri);
    if (doc) return openCodeHash(doc, this.deps.place(uri, stored.finding, doc));
    const text = await this.deps.readProjectFile(uri);
    const hash = text === undefined ? undefined : hashesInText([stored.finding], text).get(stored.finding.id);
    this.disk.set(stored.finding.id, hash);
    return hash;
  }

  /** After an edit: whether a pinned finding of the open file changed its verdict. */
  flipped(uri: string): boolean {
    const doc = this.deps.document(uri);
    let flipped = false;
    for (const { finding } of this.deps.store.inFile(uri)) {
      if (finding.triage?.codeHash === undefined) continue;
      const now = doc !== undefined && this.needsReReview(uri, finding, this.deps.place(uri, finding, doc));
      if ((this.shown.get(finding.id) ?? false) !== now) flipped = true;
      this.shown.set(finding.id, now);
    }
    if (flipped) this.flips += 1;
    return flipped;
  }

  /** Reads the closed files among `uris` again for their pinned findings; resolves with the files whose pinned code changed. */
  async readClosedFiles(uris: Iterable<string>): Promise<Set<string>> {
    const pinned = [];
    for (const uri of uris) {
      if (this.deps.document(uri)) continue;
      for (const { finding } of this.deps.store.inFile(uri)) if (finding.triage?.codeHash !== undefined) pinned.push({ uri, finding });
    }
    if (pinned.length === 0) return new Set();
    return this.disk.refresh(pinned);
  }
}

/** The hash of the lines a placement covers in an open document; undefined when the code is gone. */
export function openCodeHash(doc: TextDocument, placement: Placement): string | undefined {
  if (placement.state === 'lost') return undefined;
  const { first, last } = coveredLines(placement.range);
  if (first >= doc.lineCount) return undefined;
  const text = doc.getText({ start: { line: first, character: 0 }, end: { line: last + 1, character: 0 } });
  return codeHash(text.split(/\r\n|\r|\n/).slice(0, last - first + 1));
}
