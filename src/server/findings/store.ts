/**
 * The findings the server knows, by id, with an index by resolved file URI so that the work for one
 * file is proportional to that file's findings. Applying a sync says exactly which files changed,
 * so that only those are re-published.
 *
 * Memory: each finding is kept as its core (what lenses, diagnostics, lists and counts read) with
 * repeated strings shared (paths, rules, commits, help links), while its long texts (message, flow,
 * related locations) go to a TextStore, on disk in the server (see textSpill.ts), read back when a
 * hover, the panel, a diagnostic with related locations or the cache needs them.
 */
import type { Finding } from '../../shared/feed';
import type { PathResolution } from '../workspace/paths';
import { MemoryTexts, type TextRef, type TextStore } from '../storage/textSpill';

/** A finding's long texts: kept out of memory, read when needed. */
export type FindingTexts = Pick<Finding, 'message' | 'flow' | 'relatedLocations'>;

/** A finding without its long texts: what the store holds in memory. */
export type FindingCore = Omit<Finding, keyof FindingTexts>;

/** A finding and where its path resolved (or why it was refused). */
export interface StoredFinding {
  finding: FindingCore;
  resolution: PathResolution;
  /** The message, as JSON, in the text store. */
  message: TextRef;
  /** `{ flow, relatedLocations }` as JSON in the text store, when the finding has either. */
  links: TextRef | undefined;
}

/**
 * A finding from the feed made ready for the store: core kept, texts written to the text store.
 * Made as each page is validated, so that a big sync never holds every finding's texts at once.
 */
export interface PreparedFinding {
  readonly prepared: true;
  finding: FindingCore;
  message: TextRef;
  links: TextRef | undefined;
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
  /** Findings the sync held more than once (same id): each is stored, counted and shown once. */
  duplicates: number;
}

export type PathResolver = (path: string) => PathResolution;

export class FindingStore {
  private readonly byId = new Map<string, StoredFinding>();
  private readonly byUri = new Map<string, Set<string>>();
  private changes = 0;
  /** Text bytes no finding refers to any more (replaced or removed findings'). */
  private deadBytes = 0;
  private readonly shared = new Map<string, string>();
  private readonly sharedLists = new Map<string, string[]>();

  constructor(
    private resolve: PathResolver,
    private texts: TextStore = new MemoryTexts(),
    private readonly watcher?: StoreWatcher,
  ) {}

  /**
   * Splits a finding into its core (repeated strings shared) and its texts (written to the text
   * store). A finding the store already holds at the same revision keeps its stored texts: a full
   * resync of an unchanged feed writes nothing.
   */
  prepare(finding: Finding): PreparedFinding {
    const { message, flow, relatedLocations, ...core } = finding;
    const old = this.byId.get(finding.id);
    if (old && old.finding.revision === finding.revision && finding.status !== 'withdrawn') {
      return { prepared: true, finding: this.share(core), message: old.message, links: old.links };
    }
    if (finding.status === 'withdrawn') return { prepared: true, finding: core, message: NO_TEXT, links: undefined };
    const links =
      flow !== undefined || relatedLocations !== undefined ? this.texts.put(JSON.stringify({ flow, relatedLocations })) : undefined;
    return { prepared: true, finding: this.share(core), message: this.texts.put(JSON.stringify(message)), links };
  }

  /** The finding's message (read from the text store). */
  message(stored: StoredFinding): string {
    return JSON.parse(this.texts.get(stored.message)) as string;
  }

  /** The finding's flow and related locations (read from the text store when it has any). */
  links(stored: StoredFinding): Pick<Finding, 'flow' | 'relatedLocations'> {
    if (!stored.links) return {};
    const { flow, relatedLocations } = JSON.parse(this.texts.get(stored.links)) as Pick<Finding, 'flow' | 'relatedLocations'>;
    const out: Pick<Finding, 'flow' | 'relatedLocations'> = {};
    if (flow !== undefined) out.flow = flow;
    if (relatedLocations !== undefined) out.relatedLocations = relatedLocations;
    return out;
  }

  /** The whole finding, as the feed sent it (field order aside). */
  full(stored: StoredFinding): Finding {
    return { ...stored.finding, message: this.message(stored), ...this.links(stored) };
  }

  /**
   * The whole finding as JSON, as `full` would stringify (field order aside): its texts are JSON in
   * the text store already, so they are spliced in as they are, never parsed and written again
   * (most of a finding's bytes; the findings cache writes 100,000 of them).
   */
  fullJson(stored: StoredFinding): string {
    const core = JSON.stringify(stored.finding);
    const links = stored.links ? this.texts.get(stored.links).slice(1, -1) : '';
    return `${core.slice(0, -1)},"message":${this.texts.get(stored.message)}${links === '' ? '' : `,${links}`}}`;
  }

  /** Bytes of the text store that no finding refers to any more, and all its bytes. */
  textBytes(): { dead: number; total: number } {
    return { dead: this.deadBytes, total: this.texts.size };
  }

  /**
   * Moves the live texts to `fresh` and drops the old store, when most of it is dead (findings
   * replaced or withdrawn over a long session): the scratch file does not grow without end.
   * Returns whether it compacted.
   */
  compactTexts(fresh: () => TextStore, minDeadBytes = 64 * 1024 * 1024): boolean {
    const { dead, total } = this.textBytes();
    if (dead < minDeadBytes || dead * 2 < total) return false;
    this.moveTextsTo(fresh());
    return true;
  }

  /** Copies every live text to `target`, which becomes the store's; the old text store is disposed. */
  moveTextsTo(target: TextStore): void {
    for (const stored of this.byId.values()) {
      stored.message = target.put(this.texts.get(stored.message));
      if (stored.links) stored.links = target.put(this.texts.get(stored.links));
    }
    this.texts.dispose();
    this.texts = target;
    this.deadBytes = 0;
    this.shared.clear();
    this.sharedLists.clear();
  }

  /** Forgets the text store (the server is exiting). */
  dispose(): void {
    this.texts.dispose();
  }

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
  replaceAll(findings: readonly Incoming[]): ApplyResult {
    const result = emptyResult();
    const incoming = idsOf(findings);
    result.duplicates = findings.length - incoming.size;
    for (const id of [...this.byId.keys()]) {
      if (!incoming.has(id)) this.remove(id, result);
    }
    const resolve = memoized(this.resolve);
    for (const finding of findings) this.upsert(this.ready(finding), result, resolve);
    return result;
  }

  /** An incremental sync: changed findings and `withdrawn` tombstones. */
  applyChanges(findings: readonly Incoming[]): ApplyResult {
    const result = emptyResult();
    result.duplicates = findings.length - idsOf(findings).size;
    const resolve = memoized(this.resolve);
    for (const finding of findings) this.upsert(this.ready(finding), result, resolve);
    return result;
  }

  /**
   * Every finding of some files (a listing in path order that has moved past them): what the store
   * holds at those feed paths and is not among them is gone from the feed (the first look showed
   * it, and the feed withdrew it since), so it is removed; the rest is as {@link applyChanges}.
   */
  replaceFiles(findings: readonly Incoming[]): ApplyResult {
    const result = emptyResult();
    const incoming = idsOf(findings);
    result.duplicates = findings.length - incoming.size;
    const resolve = memoized(this.resolve);
    for (const path of new Set(findings.map((f) => ('prepared' in f ? f.finding : f).location.path))) {
      const resolution = resolve(path);
      // A path that does not resolve is drawn nowhere: what the store holds there waits for the sync's end.
      if (!resolution.ok) continue;
      for (const stored of this.inFile(resolution.uri)) {
        if (stored.finding.location.path === path && !incoming.has(stored.finding.id)) this.remove(stored.finding.id, result);
      }
    }
    for (const finding of findings) this.upsert(this.ready(finding), result, resolve);
    return result;
  }

  /**
   * Replaces the cores of findings the server changed itself (a decision the feed accepted, shown
   * before the next sync brings the feed's new revision), whatever their revision; their texts stay.
   * Unknown ids are skipped.
   */
  replace(cores: readonly FindingCore[]): ApplyResult {
    const result = emptyResult();
    const resolve = memoized(this.resolve);
    for (const finding of cores) {
      const old = this.byId.get(finding.id);
      if (!old) continue;
      this.unindex(old, result);
      this.add({ prepared: true, finding, message: old.message, links: old.links }, result, resolve, old);
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
    for (const stored of [...this.byId.values()]) {
      this.unindex(stored, result);
      this.add({ prepared: true, finding: stored.finding, message: stored.message, links: stored.links }, result, memo, stored);
    }
    result.changed = 0; // the findings are the same; only where they are drawn changed
    return result;
  }

  private ready(item: Incoming): PreparedFinding {
    return 'prepared' in item ? item : this.prepare(item);
  }

  private upsert(item: PreparedFinding, result: ApplyResult, resolve: PathResolver): void {
    const { finding } = item;
    if (finding.status === 'withdrawn') {
      this.remove(finding.id, result);
      return;
    }
    const old = this.byId.get(finding.id);
    if (old && old.finding.revision === finding.revision) return;
    if (old) this.unindex(old, result);
    this.add(item, result, resolve, old);
  }

  /** Stores `item`; `old` is the entry it replaces, whose texts are dead unless `item` keeps them. */
  private add(item: PreparedFinding, result: ApplyResult, resolve: PathResolver, old?: StoredFinding): void {
    const { finding, message, links } = item;
    if (old) this.release(old, item);
    const resolution = resolve(finding.location.path);
    const stored: StoredFinding = { finding, resolution, message, links };
    if (old) this.watcher?.removed(old);
    this.watcher?.added(stored);
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
    this.release(old);
    this.unindex(old, result);
    this.byId.delete(id);
    this.watcher?.removed(old);
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

  /** Counts `old`'s texts as dead, unless `kept` goes on using them. */
  private release(old: StoredFinding, kept?: PreparedFinding): void {
    if (old.message !== kept?.message) this.deadBytes += old.message.length;
    if (old.links && old.links !== kept?.links) this.deadBytes += old.links.length;
  }

  /**
   * The core with its often repeated values shared with other findings' (one copy per distinct
   * value): paths, rules, commits, help links, CWE lists, timestamps (a scan stamps many findings
   * alike), and who made a decision.
   */
  private share(core: FindingCore): FindingCore {
    const location = { ...core.location, path: this.one(core.location.path) };
    const out: FindingCore = {
      ...core,
      ruleId: this.one(core.ruleId),
      location,
      createdAt: this.one(core.createdAt),
      updatedAt: this.one(core.updatedAt),
    };
    if (core.helpUri !== undefined) out.helpUri = this.one(core.helpUri);
    if (core.commit !== undefined) out.commit = this.one(core.commit);
    if (core.cwe !== undefined) out.cwe = this.list(core.cwe);
    if (core.triage) out.triage = { ...core.triage, actor: { id: this.one(core.triage.actor.id), name: this.one(core.triage.actor.name) } };
    return out;
  }

  /** One shared array per distinct list of strings (never changed once stored). */
  private list(items: string[]): string[] {
    const key = `\u0000${items.join('\u0000')}`;
    const known = this.sharedLists.get(key);
    if (known !== undefined) return known;
    const shared = items.map((item) => this.one(item));
    this.sharedLists.set(key, shared);
    return shared;
  }

  private one(text: string): string {
    // Values of findings long gone are let go now and then; sharing is only about memory.
    if (this.shared.size > 4 * this.byId.size + 10_000) {
      this.shared.clear();
      this.sharedLists.clear();
    }
    const known = this.shared.get(text);
    if (known !== undefined) return known;
    this.shared.set(text, text);
    return text;
  }
}

/** Told of every finding the store adds and removes (a replaced one is removed, then its successor added). */
export interface StoreWatcher {
  added(stored: StoredFinding): void;
  removed(stored: StoredFinding): void;
}

/** What the store takes: a finding from the feed, or one already prepared. */
export type Incoming = Finding | PreparedFinding;

const NO_TEXT: TextRef = { at: 0, length: 0 };

function emptyResult(): ApplyResult {
  return { affected: new Set(), changed: 0, rejected: [], duplicates: 0 };
}

function idsOf(findings: readonly Incoming[]): Set<string> {
  return new Set(findings.map((f) => ('prepared' in f ? f.finding.id : f.id)));
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
