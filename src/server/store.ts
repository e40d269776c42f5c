/**
 * The findings the server knows, by id, with an index by resolved file URI so that the work for one
 * file is proportional to that file's findings. Applying a sync says exactly which files changed,
 * so that only those are re-published.
 */
import type { Finding } from '../shared/feed';
import type { PathResolution } from './paths';

/** A finding and where its path resolved (or why it was refused). */
export interface StoredFinding {
  finding: Finding;
  resolution: PathResolution;
}

/** A finding whose path was refused, for the log. */
export interface RejectedPath {
  id: string;
  path: string;
  reason: string;
}

/** What applying a sync did. */
export interface ApplyResult {
  /** File URIs whose findings changed: old and new files of moved findings, withdrawn ones' files. */
  affected: Set<string>;
  /** Findings added, changed or removed. */
  changed: number;
  /** Findings (re)stored with a refused path. */
  rejected: RejectedPath[];
}

export type PathResolver = (path: string) => PathResolution;

export class FindingStore {
  private readonly byId = new Map<string, StoredFinding>();
  private readonly byUri = new Map<string, Set<string>>();
  private changes = 0;

  constructor(private resolve: PathResolver) {}

  /** Moves on with every finding added, replaced or removed: what is derived from all findings is recomputed only when it changed. */
  get version(): number {
    return this.changes;
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): StoredFinding | undefined {
    return this.byId.get(id);
  }

  all(): IterableIterator<StoredFinding> {
    return this.byId.values();
  }

  /** The findings whose path resolved to `uri`. */
  inFile(uri: string): StoredFinding[] {
    const ids = this.byUri.get(uri);
    if (!ids) return [];
    const out: StoredFinding[] = [];
    for (const id of ids) {
      const stored = this.byId.get(id);
      if (stored) out.push(stored);
    }
    return out;
  }

  /** Every file URI that has at least one finding. */
  files(): string[] {
    return [...this.byUri.keys()];
  }

  /** A full sync: the feed's complete list replaces what is known. */
  replaceAll(findings: readonly Finding[]): ApplyResult {
    const result = emptyResult();
    const incoming = new Set(findings.map((f) => f.id));
    for (const id of [...this.byId.keys()]) {
      if (!incoming.has(id)) this.remove(id, result);
    }
    const resolve = memoized(this.resolve);
    for (const finding of findings) this.upsert(finding, result, resolve);
    return result;
  }

  /** An incremental sync: changed findings and `withdrawn` tombstones. */
  applyChanges(findings: readonly Finding[]): ApplyResult {
    const result = emptyResult();
    const resolve = memoized(this.resolve);
    for (const finding of findings) this.upsert(finding, result, resolve);
    return result;
  }

  /**
   * Replaces findings the server changed itself (a decision the feed accepted, shown before the
   * next sync brings the feed's new revision), whatever their revision; unknown ids are skipped.
   */
  replace(findings: readonly Finding[]): ApplyResult {
    const result = emptyResult();
    const resolve = memoized(this.resolve);
    for (const finding of findings) {
      const old = this.byId.get(finding.id);
      if (!old) continue;
      this.unindex(old, result);
      this.add(finding, result, resolve);
    }
    return result;
  }

  /** Forgets everything (the feed or project changed). */
  clear(): ApplyResult {
    return this.replaceAll([]);
  }

  /** Resolves every path again (the workspace folder for the project changed). */
  reresolve(resolve: PathResolver): ApplyResult {
    this.resolve = resolve;
    const result = emptyResult();
    const memo = memoized(resolve);
    for (const { finding } of [...this.byId.values()]) {
      this.remove(finding.id, result);
      this.add(finding, result, memo);
    }
    result.changed = 0; // the findings are the same; only where they are drawn changed
    return result;
  }

  private upsert(finding: Finding, result: ApplyResult, resolve: PathResolver): void {
    if (finding.status === 'withdrawn') {
      this.remove(finding.id, result);
      return;
    }
    const old = this.byId.get(finding.id);
    if (old && old.finding.revision === finding.revision) return;
    if (old) this.unindex(old, result);
    this.add(finding, result, resolve);
  }

  private add(finding: Finding, result: ApplyResult, resolve: PathResolver): void {
    const resolution = resolve(finding.location.path);
    const stored: StoredFinding = { finding, resolution };
    this.byId.set(finding.id, stored);
    this.changes += 1;
    result.changed += 1;
    if (!resolution.ok) {
      result.rejected.push({ id: finding.id, path: finding.location.path, reason: resolution.reason });
      return;
    }
    let ids = this.byUri.get(resolution.uri);
    if (!ids) this.byUri.set(resolution.uri, (ids = new Set()));
    ids.add(finding.id);
    result.affected.add(resolution.uri);
  }

  private remove(id: string, result: ApplyResult): void {
    const old = this.byId.get(id);
    if (!old) return;
    this.unindex(old, result);
    this.byId.delete(id);
    this.changes += 1;
    result.changed += 1;
  }

  private unindex(stored: StoredFinding, result: ApplyResult): void {
    if (!stored.resolution.ok) return;
    const uri = stored.resolution.uri;
    const ids = this.byUri.get(uri);
    ids?.delete(stored.finding.id);
    if (ids && ids.size === 0) this.byUri.delete(uri);
    result.affected.add(uri);
  }
}

function emptyResult(): ApplyResult {
  return { affected: new Set(), changed: 0, rejected: [] };
}

/**
 * `resolve` remembering its answers for one apply: 100,000 findings sit in about 20,000 files, and
 * the findings of one file then share one resolution (and one URI string). Kept for one apply only,
 * so that a change of folders or settings can never be answered from an old resolution.
 */
export function memoized(resolve: PathResolver): PathResolver {
  const known = new Map<string, PathResolution>();
  return (path) => {
    let resolution = known.get(path);
    if (resolution === undefined) known.set(path, (resolution = resolve(path)));
    return resolution;
  };
}
