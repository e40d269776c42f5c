/**
 * Everything that lives and dies with one feed and project: the findings and what is derived from
 * them (counts, the open files' anchors, the views, the re-review verdicts, closed files' pinned
 * code), the findings set aside, the decisions' history, the outbox and the decisions it saw
 * accepted, the cache, where paths lead, and what the syncs remember (cursor, notices, waits).
 *
 * Made when the server starts and whenever the feed URL or project changes, and then replaced
 * whole (LanguageServer.switchFeed), never reset field by field: a field nobody remembered to
 * reset is how one feed's state leaked into another's.
 *
 * What changes here is said to the change sink (views/changeSink.ts), which tells the editor.
 */
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { URI } from 'vscode-uri';
import type { FindingCounts, FindingDetails, FindingListItem, OutboxEntryView } from '../../shared/protocol';
import type { ServerSettings } from '../../shared/settings';
import { patchedByAccepted, type AcceptedDecision } from '../decisions/decisionPatch';
import { DecisionHistory } from '../decisions/decisionHistory';
import { ReReview } from '../decisions/reReview';
import { outboxTarget, SessionOutbox, type OutboxTurns } from '../decisions/sessionOutbox';
import { TriageDesk } from '../decisions/triageDesk';
import type { FeedClient } from '../feed/client';
import type { StreamHealth } from '../feed/eventStream';
import { CommitTally } from '../findings/commitTally';
import { CountTally } from '../findings/counts';
import { InvalidFindings } from '../findings/invalid';
import type { MemoryRelease } from '../findings/memoryRelease';
import { FindingStore, type ApplyResult, type PreparedFinding, type StoredFinding, type StoreWatcher } from '../findings/store';
import { TextSpill } from '../storage/textSpill';
import { newSyncMemory, type SyncMemory } from '../sync/syncMemory';
import { AnchorBook } from '../views/anchorBook';
import { ClosedFiles, MAX_ANCHORED_BYTES } from '../views/closedFiles';
import type { ChangeSink } from '../views/changeSink';
import { place, type ViewContext } from '../views/fileView';
import type { Placement } from '../views/placement';
import { findingDetails, findingRows, type ListSource } from '../views/findingsList';
import { ViewCache } from '../views/viewCache';
import type { GitBases } from '../workspace/gitBases';
import { ProjectFiles } from '../workspace/projectFiles';
import { CacheLook } from './cacheLook';
import { SessionCache } from './sessionCache';
import { SyncGate } from './syncGate';
import { takeCache } from './takeCache';
import { PushedUpdates } from './takeEvents';

export type Log = (level: 'info' | 'warn' | 'error', message: string) => void;

/** What a session needs from the server around it (shared by every session). */
export interface SessionEnvironment {
  documents: { get(uri: string): TextDocument | undefined };
  storagePath: string | undefined;
  settings(): ServerSettings;
  /** The workspace folder of the project, now (folders and the projectFolders setting can change during a session). */
  projectFolder(): URI | undefined;
  gitBases: GitBases;
  /** A feed client for the current token, or undefined. */
  feedClient(): FeedClient | undefined;
  outboxTurns: OutboxTurns;
  changes: ChangeSink;
  memory: MemoryRelease;
  log: Log;
  /** The feed accepted decisions and they are shown: sync for the findings' new revisions. */
  decisionsAccepted(): void;
  /** Whether the editor tells the server when files change on disk (a `workspace/didChangeWatchedFiles` watcher was registered). */
  watchesFiles(): boolean;
  /** The event stream announced a change: sync now (the sync controller's push sync); resolves when it is over. */
  pushSync(kind: 'incremental' | 'full'): Promise<unknown>;
  /** Decisions or reviews changed on the feed (someone else's included): a lead's Review tab asks again. */
  decisionsChanged(): void;
  /** The event stream went live or stopped being live: the poll and the status follow. */
  updatesChanged(health: StreamHealth): void;
}

export class FeedSession {
  readonly store: FindingStore;
  readonly invalid = new InvalidFindings();
  readonly history = new DecisionHistory();
  /** What this feed's syncs remember between them. */
  readonly sync: SyncMemory = newSyncMemory();
  /** The project's folder: where the feed's paths lead, its files, its repository. */
  readonly files: ProjectFiles;
  readonly reReview: ReReview;
  /** The anchors of open files (see anchorBook.ts). */
  readonly anchors: AnchorBook;
  /** Closed files that differ from their findings' commits, anchored from the disk in the background (see closedFiles.ts). */
  readonly closedFiles: ClosedFiles;
  /** Each file's diagnostics, lenses and hover index, for its current state (see viewCache.ts). */
  readonly views: ViewCache;
  readonly outbox: SessionOutbox;
  /** The decision requests (see triageDesk.ts). */
  readonly decisions: TriageDesk;
  readonly cache: SessionCache;
  /** The feed's event stream and the syncs its events ask for (see takeEvents.ts). */
  readonly pushed: PushedUpdates;
  /** Resolves once the cache was read and shown (or there was none): a sync waits for it. */
  cacheReady: Promise<void> = Promise.resolve();
  /** The status counts, kept as the store changes (see counts.ts). */
  private readonly tally = new CountTally();
  /** The findings per commit, kept as the store changes, for the closed files' pass (see commitTally.ts). */
  private readonly commits = new CommitTally();
  /** The closed files' pass waits at each pause while a sync runs (see syncGate.ts). */
  private readonly gate = new SyncGate();
  /** Moves on when paths are resolved again (folders or projectFolders changed): related locations may lead elsewhere. */
  private resolutions = 0;
  private countsMemo: { key: string; counts: FindingCounts } | undefined;
  private closed = false;
  /** The open files' findings read from the cache while the whole of it is read (see cacheLook.ts). */
  private cacheLook: CacheLook<PreparedFinding> | undefined;

  constructor(
    readonly feedUrl: string,
    readonly project: string,
    private readonly env: SessionEnvironment,
  ) {
    const { documents } = env;
    this.files = new ProjectFiles(env.projectFolder, env.gitBases);
    this.store = new FindingStore((path) => this.files.resolve(path), undefined, bothTallies(this.tally, this.commits));
    this.reReview = new ReReview({
      store: this.store,
      document: (uri) => documents.get(uri),
      place: (uri, finding, doc) => place(this.viewContext(), uri, finding, doc),
      readProjectFile: (uri) => this.files.read(uri),
    });
    this.anchors = new AnchorBook({
      findingsOf: (uri) => this.store.inFile(uri).map((s) => s.finding),
      textOf: (uri) => documents.get(uri)?.getText(),
      baseOf: (_uri, finding) => this.files.atCommit(finding),
      onSettled: (uri) => env.changes.add({ files: [uri], lenses: [uri], list: true }),
    });
    this.closedFiles = new ClosedFiles({
      findings: this.store,
      commits: (max) => this.commits.ask(max),
      pause: () => this.gate.pause(),
      isOpen: (uri) => documents.get(uri) !== undefined,
      read: (uri) => this.files.read(uri, MAX_ANCHORED_BYTES),
      baseOf: (finding) => this.files.atCommit(finding),
      prefetchBases: (findings) => this.files.prefetchAtCommit(findings),
      changedFiles: (commits) => this.files.changedFiles(commits),
      uriOf: (path) => {
        const r = this.files.resolve(path);
        return r.ok ? r.uri : undefined;
      },
      moved: (uris) => env.changes.add({ files: uris, list: true }),
      log: env.log,
    });
    this.views = new ViewCache(
      () => this.viewContext(),
      (uri) =>
        `${documents.get(uri)?.version ?? 'closed'}/${this.store.version}/${this.anchors.stamp(uri)}/${this.closedFiles.anchors.stamp(uri)}/${this.viewEpoch()}`,
      () => this.viewEpoch(),
    );
    this.outbox = new SessionOutbox(outboxTarget(env.storagePath, feedUrl, project), {
      turns: env.outboxTurns,
      client: () => env.feedClient(),
      onChange: (entries, accepted) => this.outboxChanged(entries, accepted),
      log: env.log,
    });
    this.decisions = new TriageDesk({
      finding: (id) => this.store.get(id),
      codeHashNow: (stored) => this.reReview.codeHashNow(stored),
      outbox: () => this.outbox.ready(),
      feedClient: () => env.feedClient(),
      project: () => this.project,
      history: this.history,
    });
    this.cache = new SessionCache({ ...env, feedUrl, project, store: this.store, cursor: () => this.sync.cursor, log: env.log });
    this.pushed = new PushedUpdates({
      project,
      enabled: () => env.settings().pushUpdates,
      client: () => env.feedClient(),
      syncToken: () => this.sync.cursor?.syncToken,
      sync: (kind) => env.pushSync(kind),
      decisionsChanged: () => env.decisionsChanged(),
      healthChanged: (health) => env.updatesChanged(health),
      log: env.log,
    });
  }

  /**
   * Starts the session: the findings' long texts go to a scratch file (see textSpill.ts), the cache
   * is read once `previousWrites` are over (the last session's cache write: from feed A to B and
   * back, A's file may still be being written), the outbox opens. While the cache is read, the
   * findings of the files open now (`openUris`) and of those opened meanwhile are read from it first.
   */
  open(previousWrites: Promise<void>, openUris: readonly string[]): void {
    this.store.moveTextsTo(this.newTextStore());
    const look = new CacheLook<PreparedFinding>(
      { scan: (paths) => this.cache.scan(paths), show: (found) => this.showCacheLook(found), log: this.env.log },
      previousWrites,
    );
    this.cacheLook = look;
    look.ask(openUris.flatMap((uri) => this.files.pathOf(uri) ?? []));
    this.cacheReady = previousWrites
      .then(() => this.cache.read())
      .then((cached) => {
        look.end();
        return cached && !this.closed ? takeCache(this, cached, this.env) : undefined;
      });
    void this.outbox.open();
  }

  /**
   * The session is replaced (or the server shuts down): its timers stop, writes of its cache not
   * started are dropped, its outbox closes (resolves then). Its store is let go once a cache write
   * already running is over: that write reads it as it goes.
   */
  async close(): Promise<void> {
    this.closed = true;
    this.cacheLook?.end();
    this.pushed.close();
    this.anchors.dispose();
    this.closedFiles.stop();
    this.cache.stop();
    void this.cache.idle().then(() => this.store.dispose());
    await this.outbox.close();
  }

  /** Another token (or none): who the user is must be asked again, and the outbox may send what a 401 held back. */
  tokenChanged(token: string | null): void {
    if (token !== null) this.sync.refusedToken = null;
    // The stream carries the old token: it ends, and the next good sync opens one with the new.
    this.pushed.stop();
    this.decisions.forgetMe();
    this.outbox.current?.tokenChanged();
    // Who is signed in may have changed (a lead's token after a developer's): once the feed says who,
    // the list is news to the client, whose panel then asks again and shows or hides the Review tab.
    if (token !== null)
      void this.decisions
        .getMe()
        .then(() => this.env.changes.add({ list: true }))
        .catch(() => undefined);
  }

  /**
   * After the store changed: log refused paths, re-anchor open files, read closed files' pinned code,
   * publish; resolves with the files published. Closed files are anchored from the disk afterwards,
   * in the background (see closedFiles.ts).
   */
  async storeChanged(result: ApplyResult): Promise<number> {
    if (!(await this.redraw(result))) return 0;
    const touched = result.changed > 0 || result.affected.size > 0;
    this.env.changes.add(touched ? { files: result.affected, lenses: result.affected, list: true, status: true } : { status: true });
    const published = await this.env.changes.flush();
    if (touched && !this.closed) void this.closedFiles.scan(!this.env.watchesFiles());
    return published;
  }

  /**
   * Runs a sync of this session. Meanwhile the closed files' pass, which works in the background,
   * waits at its next pause: the sync's answer (and the files it re-publishes) do not wait for the
   * pass's slices, nor share the event loop with them.
   */
  duringSync<T>(sync: Promise<T>): Promise<T> {
    return this.gate.during(sync);
  }

  /**
   * Files a cold full sync has complete before its end (sync/earlyShown.ts), already in the store:
   * their diagnostics (and lenses) are published now. The list, the counts and the pass over closed
   * files wait for the sync's end, which publishes only the files it changes. Resolves with the
   * files published.
   */
  async placedEarly(result: ApplyResult): Promise<number> {
    if (!(await this.redraw(result))) return 0;
    this.env.changes.add({ files: result.affected, lenses: result.affected });
    return this.env.changes.flush();
  }

  /** What any change to the store asks first: refused paths logged, open files re-anchored, closed files' pinned code read; false once closed. */
  private async redraw(result: ApplyResult): Promise<boolean> {
    for (const r of result.rejected) this.env.log('warn', `finding ${r.id}: path "${r.path}" refused (${r.reason}); not shown`);
    for (const uri of result.affected) if (this.env.documents.get(uri)) this.anchors.rebuild(uri);
    this.closedFiles.stale(result.affected);
    await this.reReview.readClosedFiles(result.affected);
    return !this.closed;
  }

  /** A sync that brought nothing new: closed files may still have changed on disk, when the editor does not say so. */
  syncedUnchanged(): void {
    if (!this.env.watchesFiles()) void this.closedFiles.scan(true);
  }

  /** Files changed on disk (`workspace/didChangeWatchedFiles`): their closed files' findings are anchored again, and pinned code read again. */
  filesChanged(uris: readonly string[]): void {
    const withFindings = uris.filter((uri) => this.store.inFile(uri).length > 0 || this.closedFiles.anchors.has(uri));
    if (withFindings.length === 0) return;
    void this.closedFiles.changed(withFindings);
    void this.reReview.readClosedFiles(withFindings).then((changed) => {
      if (changed.size > 0 && !this.closed) this.env.changes.add({ files: changed, list: true, status: true });
    });
  }

  /** The project's folder may be another one now (folders or projectFolders changed): resolve every path again. */
  resolveAgain(): void {
    this.files.lookAgain();
    this.resolutions += 1;
    void this.storeChanged(this.store.reresolve((path) => this.files.resolve(path)));
  }

  /** `resolvedFindings` changed: every file may draw differently. */
  displayChanged(): void {
    void this.storeChanged({ affected: new Set(this.store.files()), changed: 0, rejected: [], duplicates: 0 });
  }

  /** After a sync: when most of the scratch file is texts of findings replaced or gone, copy the rest to a new one. */
  compactTexts(): void {
    const before = this.store.textBytes();
    if (this.store.compactTexts(() => this.newTextStore())) {
      const mb = (bytes: number) => Math.round(bytes / 1048576);
      this.env.log('info', `findings' texts compacted: ${mb(before.total)} MB → ${mb(this.store.textBytes().total)} MB`);
    }
  }

  /**
   * The counts, recounted only when the findings, the set-aside ones, a re-review verdict or those
   * awaiting the feed changed: a 304 resync must not walk 100,000 findings, nor must an outbox entry's retry.
   */
  counts(): FindingCounts {
    const awaiting = this.awaitingFeed();
    const key = `${this.store.version}/${this.invalid.count}/${this.reReview.version}/${this.resolutions}/${awaiting.map((s) => s.finding.id).join(',')}`;
    if (this.countsMemo?.key !== key)
      this.countsMemo = { key, counts: this.tally.counts(this.invalid.count, (stored) => this.reReview.ofStored(stored), awaiting) };
    return this.countsMemo.counts;
  }

  details(id: string): FindingDetails | null {
    return findingDetails(this.listSource(), id);
  }

  rows(): FindingListItem[] {
    return findingRows(this.listSource());
  }

  viewContext(): ViewContext {
    const documents = this.env.documents;
    return {
      store: this.store,
      resolvedDisplay: this.env.settings().resolvedFindings,
      document: (uri) => documents.get(uri),
      anchored: (uri, id) => this.placementOf(uri, id),
      reReview: (uri, finding, placement) => this.reReview.needsReReview(uri, finding, placement),
      resolveUri: (path) => {
        const r = this.files.resolve(path);
        return r.ok ? r.uri : null;
      },
    };
  }

  // The open documents (see lsp/languageServer.ts for the events).

  opened(uri: string): void {
    this.anchors.rebuild(uri);
    this.env.changes.add({ files: [uri] });
    const path = this.files.pathOf(uri);
    if (path !== undefined) this.cacheLook?.ask([path]);
  }

  /** The text of an open file changed; `followed` when its anchors already followed the edits themselves. */
  changed(uri: string, followed: boolean): void {
    if (!followed) this.anchors.rebuild(uri);
    const flipped = this.reReview.flipped(uri);
    if (!followed || this.anchors.takeChanged(uri) || flipped) this.env.changes.add({ files: [uri] });
    if (flipped) this.env.changes.add({ lenses: [uri], list: true, status: true });
  }

  /** One didChange's edits reach the open file's anchors; a failure falls back to the feed's lines, logged. */
  edited(uri: string, changes: readonly TextDocumentContentChangeEvent[]): void {
    try {
      this.anchors.edit(uri, changes);
    } catch (e) {
      this.anchors.close(uri);
      this.env.log(
        'error',
        `re-anchoring ${uri} failed; its findings are shown at the feed's lines until it is reopened or the feed changes them: ${(e as Error)?.stack ?? String(e)}`,
      );
    }
  }

  closedFile(uri: string): void {
    this.anchors.close(uri);
    this.env.changes.add({ files: [uri] });
    this.views.forget(uri);
    // Saved or not, what counts now is the file on disk.
    void this.closedFiles.changed([uri]);
    void this.reReview.readClosedFiles([uri]).then((changed) => {
      if (changed.size > 0 && !this.closed) this.env.changes.add({ files: changed, lenses: changed, list: true, status: true });
    });
  }

  /** The cache's first look found these: shown at once, until the whole cache replaces them (see cacheLook.ts). */
  private async showCacheLook(found: PreparedFinding[]): Promise<void> {
    if (this.closed) return;
    this.sync.cacheLookShown = true;
    await this.storeChanged(this.store.applyChanges(found));
  }

  /** The outbox changed: tell the client, and show each decision the feed accepted at once (a sync then brings the new revisions). */
  private outboxChanged(entries: OutboxEntryView[], accepted: AcceptedDecision[]): void {
    this.env.changes.outboxChanged(entries);
    const patched = patchedByAccepted(accepted, (id) => this.store.get(id)?.finding, this.history);
    if (patched.length === 0) return;
    this.env.log('info', `showing ${patched.length} decision(s) the feed accepted; syncing for the new revisions`);
    void this.storeChanged(this.store.replace(patched));
    this.env.decisionsAccepted();
  }

  /** Where finding `id` of `uri` is drawn: the anchor book's place in an open file, the disk's in a closed one that changed, else undefined (the feed's lines). */
  private placementOf(uri: string, id: string): Placement | undefined {
    const open = this.anchors.placement(uri, id);
    if (open || this.env.documents.get(uri)) return open;
    return this.closedFiles.placement(uri, this.store.get(id)?.finding);
  }

  /** The findings whose newest decision the feed has not taken yet (pending, in conflict or refused). */
  private awaitingFeed(): StoredFinding[] {
    const awaiting: StoredFinding[] = [];
    for (const [id, entry] of this.outbox.newestByFinding()) {
      const stored = entry.state === 'synced' ? undefined : this.store.get(id);
      if (stored) awaiting.push(stored);
    }
    return awaiting;
  }

  private listSource(): ListSource {
    return {
      store: this.store,
      historyOf: (id) => this.history.of(id),
      anchored: (uri, id) => this.placementOf(uri, id),
      document: (uri) => this.env.documents.get(uri),
      needsReReview: (stored) => this.reReview.ofStored(stored),
      newestEntries: () => this.outbox.newestByFinding(),
    };
  }

  /** The part of every file's view key that is not about the file itself. */
  private viewEpoch(): string {
    return `${this.reReview.diskVersion}/${this.resolutions}/${this.env.settings().resolvedFindings}`;
  }

  /** Where the findings' texts wait: a scratch file in the storage folder (the OS temp folder without one). */
  private newTextStore(): TextSpill {
    return new TextSpill(this.env.storagePath, (message) => this.env.log('warn', message));
  }
}

/** The store's watcher: both tallies told of each finding added and removed. */
function bothTallies(counts: CountTally, commits: CommitTally): StoreWatcher {
  return {
    added(stored) {
      counts.added(stored);
      commits.added(stored);
    },
    removed(stored) {
      counts.removed(stored);
      commits.removed(stored);
    },
  };
}
