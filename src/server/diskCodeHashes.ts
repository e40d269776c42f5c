/**
 * The hash of the flagged lines of closed files, as they are on disk, for findings with a pinned
 * decision (`triage.codeHash`) only: those are few (one per decision), so reading their files after
 * a sync costs little, unlike anchoring every closed file (see anchorBook.ts). The lines are found
 * by the anchor engine in the text on disk, as they would be once the file is opened, so code that
 * only moved is not taken for code that changed. Open files are hashed from the editor's text. Closed files are read again when a sync touches their findings
 * and when they are closed (the user may have saved changes).
 */
import { promises as fs } from 'node:fs';
import { URI } from 'vscode-uri';
import type { FindingCore as Finding } from './store';
import { FileAnchors } from './anchoring';
import { flaggedCodeHash } from './codeHash';
import { placementOfAnchor } from './placement';

/** A finding of a closed file whose decision is pinned to its code. */
export interface PinnedFinding {
  uri: string;
  finding: Finding;
}

export type ReadText = (uri: string) => Promise<string | undefined>;

/** Reads a file: URI's text; undefined when it cannot be read (gone, not a file: URI). */
export const readFileUri: ReadText = async (uri) => {
  const parsed = URI.parse(uri);
  if (parsed.scheme !== 'file') return undefined;
  return fs.readFile(parsed.fsPath, 'utf8').catch(() => undefined);
};

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

  constructor(private readonly read: ReadText = readFileUri) {}

  /** The hash last read for the finding, or undefined when unknown or unreadable. */
  get(findingId: string): string | undefined {
    return this.byFinding.get(findingId);
  }

  /** Sets the hash (just computed at a decision). */
  set(findingId: string, hash: string | undefined): void {
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
    return changed;
  }

  /** Another feed or project. */
  clear(): void {
    this.byFinding.clear();
  }
}
