/**
 * The hash of the flagged lines of closed files, as they are on disk, for findings with a pinned
 * decision (`triage.codeHash`) only: those are few (one per decision), so reading their files after
 * a sync costs little, unlike anchoring every closed file (see anchorBook.ts). The lines are found
 * by the anchor engine in the text on disk, as they would be once the file is opened, so code that
 * only moved is not taken for code that changed. Open files are hashed from the editor's text. Closed files are read again when a sync touches their findings
 * and when they are closed (the user may have saved changes).
 */
import type { FindingCore as Finding } from '../findings/store';
import { FileAnchors } from '../anchoring';
import { flaggedCodeHash } from './codeHash';
import { placementOfAnchor } from '../views/placement';

/** A finding of a closed file whose decision is pinned to its code. */
export interface PinnedFinding {
  uri: string;
  finding: Finding;
}

/** Reads a file's text, undefined when it cannot or must not be read (see workspaceFiles.ts: inside the folder only). */
export type ReadText = (uri: string) => Promise<string | undefined>;

/** The hash of each finding's lines where the anchor engine finds them in `text`; undefined when lost. */
export function hashesInText(findings: readonly Finding[], text: string): Map<string, string | undefined> {
  const anchors = new FileAnchors(
    findings.map((f) => ({ id: f.id, location: f.location, commit: f.commit })),
    text,
  );
  const hashes = new Map<string, string | undefined>();
  for (const finding of findings) {
    const anchor = anchors.get(finding.id);
    const placement = anchor && placementOfAnchor(anchor);
    hashes.set(finding.id, !placement || placement.state === 'lost' ? undefined : flaggedCodeHash(text, placement.range));
  }
  return hashes;
}

export class DiskCodeHashes {
  private readonly byFinding = new Map<string, string | undefined>();
  private changes = 0;

  constructor(private readonly read: ReadText) {}

  /** Moves on whenever a hash changes: what is derived from the hashes (views, counts) is stale when it differs. */
  get version(): number {
    return this.changes;
  }

  /** The hash last read for the finding, or undefined when unknown or unreadable. */
  get(findingId: string): string | undefined {
    return this.byFinding.get(findingId);
  }

  /** Sets the hash (just computed at a decision). */
  set(findingId: string, hash: string | undefined): void {
    if (this.byFinding.get(findingId) !== hash) this.changes += 1;
    this.byFinding.set(findingId, hash);
  }

  /** Reads the findings' files (each once) and returns the URIs where some finding's hash changed. */
  async refresh(pinned: readonly PinnedFinding[]): Promise<Set<string>> {
    const byUri = new Map<string, Finding[]>();
    for (const { uri, finding } of pinned) byUri.set(uri, [...(byUri.get(uri) ?? []), finding]);
    const changed = new Set<string>();
    await Promise.all(
      [...byUri].map(async ([uri, findings]) => {
        const text = await this.read(uri);
        const hashes = text === undefined ? undefined : hashesInText(findings, text);
        for (const finding of findings) {
          const hash = hashes?.get(finding.id);
          if (this.byFinding.get(finding.id) !== hash || !this.byFinding.has(finding.id)) changed.add(uri);
          this.byFinding.set(finding.id, hash);
        }
      }),
    );
    if (changed.size > 0) this.changes += 1;
    return changed;
  }
}
