/**
 * The Findings Lens language server: wires the LSP connection to the store, the sync scheduler, the
 * cache and the views. Each piece it calls is a small module; this file only decides when.
 */
import {
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type TextDocuments,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { URI } from 'vscode-uri';
import * as protocol from '../shared/protocol';
import { parseSettings, ServerSettings } from '../shared/settings';
import { AnchorBook } from './anchorBook';
import { cachePath, readCache } from './cache';
import { CacheWriter } from './cacheWriter';
import { codeHash, coveredLines } from './codeHash';
import { CurrentOutbox } from './currentOutbox';
import { DecisionHistory } from './decisionHistory';
import { withDecision } from './decisionPatch';
import { DiskCodeHashes, hashesInText } from './diskCodeHashes';
import { FeedClient } from './feed/client';
import { needsReReview } from './findingState';
import { newestByFinding } from './outbox/entry';
import type { Outbox } from './outbox/outbox';
import type { Placement } from './placement';
import { TriageDesk } from './triageDesk';
import { CountTally } from './counts';
import { failureInfo, feedTarget, runFeedSync } from './feedSync';
import { FeedWait } from './feedWait';
import { RETRY_AFTER_CAP_MS } from './feed/backoff';
import { clockTime, duplicatesNotice, retryAfterNotice, stopNotice } from './syncNotices';
import { checkFeedUrl } from './feed/origin';
import type { SyncCursor, SyncOutcome } from './feed/sync';
import { isRetryable } from './feed/errors';
import type { DocumentEdits } from './documentEdits';
import { GitBases } from './gitBases';
import { listItem, place, type ViewContext } from './fileView';
import { InvalidFindings } from './invalid';
import { foldersFromInitialize, projectFolder, type PathResolution, type WorkspaceFolderRef } from './paths';
import { RealPaths, resolveInWorkspace } from './realPaths';
import { readInsideFolder } from './workspaceFiles';
import { DiagnosticsPublisher } from './publisher';
import { SyncScheduler, type SyncTrigger } from './scheduler';
import { FindingStore, type ApplyResult, type FindingCore, type PreparedFinding, type StoredFinding } from './store';
import { TextSpill } from './textSpill';
import { MemoryRelease } from './memoryRelease';
import { syncChanges } from './syncChanges';
import { changesNothing, failedState, notReady, offlineState, type FailureInfo } from './syncState';
import { ViewCache } from './viewCache';

type Level = 'info' | 'warn' | 'error';

export class FindingsServer {
  private settings: ServerSettings = ServerSettings.parse({});
  private storagePath: string | undefined;
  private folders: WorkspaceFolderRef[] = [];
  private token: string | null = null;
  /** The token the feed answered 401 to: the poll does not try it again. */
  private refusedToken: string | null = null;
  private cursor: SyncCursor | undefined;
  private state: protocol.SyncState = { kind: 'noToken' };
  /** What the last sync had to cut, drop or wait for (see syncNotices.ts). */
  private notices: protocol.SyncNotice[] = [];
  /** The wait a 429 asked for: Sync Now answers at once while it lasts. */
  private readonly feedWait = new FeedWait();
  private offlineSince: Date | undefined;
  private codeLensRefresh = false;
  private folderChanges = false;
  private initialized = false;
  /** Problems with the initial settings, reported once the client listens. */
  private pendingProblems: string[] = [];
  private cacheReady: Promise<void> = Promise.resolve();
  private readonly cacheWriter = new CacheWriter({
    saved: (_file, findings, how) => this.log('info', `findings cache saved (${how}; ${findings} finding(s))`),
    failed: (e) => this.log('warn', `could not write the findings cache: ${e.message}`),
  });
  private countsMemo: { key: string; counts: protocol.FindingCounts } | undefined;
  /** The status counts, kept as the store changes (see counts.ts). */
  private readonly tally = new CountTally();
  private readonly memory = new MemoryRelease();
  private readonly store = new FindingStore((path) => this.resolvePath(path), undefined, this.tally);
  private readonly invalid = new InvalidFindings();
  private readonly gitBases = new GitBases();
  /** The anchors of open files (see anchorBook.ts); closed files are drawn at the feed's lines. */
  private readonly anchors = new AnchorBook({
    findingsOf: (uri) => this.store.inFile(uri).map((s) => s.finding),
    textOf: (uri) => this.documents.get(uri)?.getText(),
    baseOf: (_uri, finding) => this.baseText(finding),
    onSettled: (uri) => this.anchorsSettled(uri),
  });
  private readonly publisher: DiagnosticsPublisher;
  private readonly scheduler: SyncScheduler;
  /** Decisions seen per finding, for getFinding's history. */
  private readonly history = new DecisionHistory();
  /** Where the feed's paths really lead (symbolic links followed), cached per directory until the next sync. */
  private readonly realPaths = new RealPaths();
  /** Closed files' flagged code, for findings whose decision is pinned to it (read only inside the project folder). */
  private readonly diskHashes = new DiskCodeHashes((uri) => this.readProjectFile(uri));
  /** The needs-re-review verdicts last shown for open files' pinned findings, to re-publish when one flips. */
  private readonly reReviewShown = new Map<string, boolean>();
  /** The outbox of the current feed and project, and what it last said. */
  private readonly outboxes: CurrentOutbox;
  private outboxViews: protocol.OutboxEntryView[] = [];
  /** Synced entries whose result was already applied. */
  private readonly appliedResults = new Set<string>();
  private readonly desk: TriageDesk;
  /** Moves on when something the views read changes outside the store, the documents and the anchors (settings, folders, disk hashes). */
  private viewEpoch = 0;
  /** Each file's diagnostics, lenses and hover index, for its current state (see viewCache.ts). */
  private readonly views = new ViewCache(
    () => this.view(),
    (uri) => `${this.documents.get(uri)?.version ?? 'closed'}/${this.store.version}/${this.anchors.stamp(uri)}/${this.viewEpochKey()}`,
    () => this.viewEpochKey(),
  );

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly edits?: DocumentEdits,
  ) {
    this.publisher = new DiagnosticsPublisher((uri, diagnostics) => connection.sendDiagnostics({ uri, diagnostics }), {
      isOpen: (uri) => documents.get(uri) !== undefined,
    });
    this.scheduler = new SyncScheduler(
      (signal, trigger) => this.syncAndTell(signal, trigger),
      () => this.settings.pollInterval * 1000,
    );
    this.outboxes = new CurrentOutbox({
      client: () => this.feedClient(),
      onChange: (entries, outbox) => this.outboxChanged(entries, outbox),
      log: (level, message) => this.log(level, message),
    });
    this.desk = new TriageDesk({
      finding: (id) => this.store.get(id),
      codeHashNow: (stored) => this.codeHashNow(stored),
      outbox: () => this.outboxes.ready(),
      feedClient: () => this.feedClient(),
      project: () => this.settings.project,
      history: this.history,
    });
  }

  /** Registers every handler; call once, before `connection.listen()`. */
  register(): void {
    const c = this.connection;
    c.onInitialize((params) => this.onInitialize(params));
    c.onInitialized(() => this.onInitialized());
    c.onDidChangeConfiguration((params) => this.onConfigurationChange(params.settings));
    c.onNotification(protocol.setToken, (params) => this.setToken(params?.token ?? null));
    c.onRequest(protocol.syncNow, () => this.feedWait.answer() ?? this.scheduler.syncNow('manual'));
    c.onRequest(protocol.getFinding, (params) => this.getFinding(params.id));
    c.onRequest(protocol.listFindings, () => this.listFindings());
    c.onRequest(protocol.submitTriage, (params) => this.desk.submitTriage(params));
    c.onRequest(protocol.submitReview, (params) => this.desk.submitReview(params));
    c.onRequest(protocol.getMe, () => this.desk.getMe());
    c.onRequest(protocol.listTriage, (params) => this.desk.listTriage(params));
    c.onCodeLens((params) => this.views.codeLenses(params.textDocument.uri));
    c.onHover((params) => this.views.hover(params.textDocument.uri, params.position));
    c.onShutdown(async () => {
      this.scheduler.dispose();
      this.anchors.dispose();
      await this.outboxes.dispose();
      this.store.dispose();
    });
    this.edits?.onEdit((uri, changes) => this.applyEdits(uri, changes));
    this.documents.onDidOpen((e) => {
      this.anchors.rebuild(e.document.uri);
      this.republish([e.document.uri]);
    });
    // Without the edits themselves (another TextDocuments), anchor the whole new text again.
    this.documents.onDidChangeContent((e) => {
      const uri = e.document.uri;
      if (!this.edits) this.anchors.rebuild(uri);
      const flipped = this.reReviewFlipped(uri);
      if (!this.edits || this.anchors.takeChanged(uri) || flipped) this.republish([uri]);
      if (flipped) this.viewsChanged([uri]);
    });
    this.documents.onDidSave((e) => this.anchors.settle(e.document.uri));
    this.documents.onDidClose((e) => {
      this.anchors.close(e.document.uri);
      this.publisher.closed(e.document.uri);
      this.republish([e.document.uri]);
      this.views.forget(e.document.uri);
      // Saved or not, what counts now is the file on disk.
      void this.refreshDiskHashes([e.document.uri]);
    });
  }

  private onInitialize(params: InitializeParams): InitializeResult {
    this.folders = foldersFromInitialize(params);
    this.codeLensRefresh = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    this.folderChanges = params.capabilities.workspace?.workspaceFolders === true;
    const raw = params.initializationOptions as { settings?: unknown; storagePath?: unknown } | undefined;
    this.storagePath = typeof raw?.storagePath === 'string' ? raw.storagePath : undefined;
    // The findings' long texts wait in a scratch file next to the cache (see textSpill.ts).
    this.store.moveTextsTo(this.newTextStore());
    const parsed = parseSettings(raw?.settings);
    if (parsed.ok) this.settings = parsed.settings;
    else this.pendingProblems = parsed.problems;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeLensProvider: { resolveProvider: false },
        hoverProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'Findings Lens' },
    };
  }

  private onInitialized(): void {
    this.initialized = true;
    if (this.folderChanges) this.connection.workspace.onDidChangeWorkspaceFolders((e) => this.changeFolders(e.added, e.removed));
    if (this.pendingProblems.length > 0) this.reportProblems(this.pendingProblems);
    this.cacheReady = this.loadCache();
    void this.openOutbox();
    this.setState(notReady(this.settings, this.token) ?? { kind: 'syncing', since: new Date().toISOString() });
    if (!notReady(this.settings, this.token)) void this.scheduler.syncNow('start');
  }

  /**
   * `workspace/didChangeConfiguration`: `{ findingsLens: ServerSettings }`. A payload without our
   * section (a pull-model client sends null) says nothing about our settings: it must not reset them.
   */
  private onConfigurationChange(settings: unknown): void {
    const section = (settings as { findingsLens?: unknown } | null | undefined)?.findingsLens;
    if (section === undefined || section === null) {
      this.log('info', 'configuration change without findingsLens settings; keeping the current ones');
      return;
    }
    this.applySettings(section);
  }

  /** New settings: bad ones are reported and the last good ones kept. */
  private applySettings(raw: unknown): void {
    const parsed = parseSettings(raw);
    if (!parsed.ok) {
      this.reportProblems(parsed.problems);
      return;
    }
    const before = this.settings;
    this.settings = parsed.settings;
    this.viewEpoch += 1;
    if (!this.initialized) return;
    const feedChanged = before.feedUrl !== parsed.settings.feedUrl || before.project !== parsed.settings.project;
    if (feedChanged) this.switchFeed();
    else if (JSON.stringify(before.projectFolders) !== JSON.stringify(parsed.settings.projectFolders)) {
      this.realPaths.forget();
      void this.afterChange(this.store.reresolve((path) => this.resolvePath(path)));
    } else if (before.resolvedFindings !== parsed.settings.resolvedFindings) {
      void this.afterChange({ affected: new Set(this.store.files()), changed: 0, rejected: [], duplicates: 0 });
    }
    if (before.pollInterval !== parsed.settings.pollInterval) this.scheduler.reschedule();
    // A bound raised after it stopped a sync: try again at once.
    if (!feedChanged && this.stoppedAtLimit() && limitsChanged(before, parsed.settings)) this.scheduler.restart();
  }

  private reportProblems(problems: string[]): void {
    this.log('warn', `settings ignored, the last good ones are kept: ${problems.join('; ')}`);
    void this.connection.sendNotification(protocol.settingsProblem, { problems });
  }

  /** Another feed or project: forget what was shown, show its cache, sync it. */
  private switchFeed(): void {
    this.cursor = undefined;
    this.notices = [];
    this.feedWait.clear();
    this.refusedToken = null;
    this.invalid.replace([]);
    this.history.clear();
    this.diskHashes.clear();
    this.viewEpoch += 1;
    this.reReviewShown.clear();
    this.desk.forgetMe();
    void this.openOutbox();
    void this.afterChange(this.store.clear());
    this.cacheReady = this.loadCache();
    this.scheduler.restart();
  }

  /** Folders were added or removed: the project's folder may be another one now. */
  private changeFolders(added: readonly WorkspaceFolderRef[], removed: readonly WorkspaceFolderRef[]): void {
    const gone = new Set(removed.map((f) => f.uri));
    this.folders = this.folders.filter((f) => !gone.has(f.uri)).concat(added);
    this.viewEpoch += 1;
    this.realPaths.forget();
    void this.afterChange(this.store.reresolve((path) => this.resolvePath(path)));
  }

  private setToken(token: string | null): void {
    this.token = token === '' ? null : token;
    if (this.token !== null) this.refusedToken = null;
    this.desk.forgetMe();
    this.outboxes.current?.tokenChanged();
    if (this.initialized) this.scheduler.restart();
    // Who is signed in may have changed (a lead's token after a developer's): once the feed says who,
    // tell the client, whose panel then asks again and shows or hides the Review tab. Without this
    // the panel could keep the identity it read before the new token arrived.
    if (this.token !== null) {
      void this.desk
        .getMe()
        .then(() => this.connection.sendNotification(protocol.findingsChanged, { count: this.store.size }))
        .catch(() => undefined);
    }
  }

  private getFinding(id: string): protocol.FindingDetails | null {
    const stored = this.store.get(id);
    if (!stored) return null;
    const details: protocol.FindingDetails = { finding: this.store.full(stored), uri: stored.resolution.ok ? stored.resolution.uri : null };
    const history = this.history.of(id);
    if (history.length > 0) details.history = history;
    const placement = details.uri === null ? undefined : this.anchors.placement(details.uri, id);
    if (placement) details.anchor = { state: placement.state, confidence: placement.confidence ?? 1, reason: placement.reason ?? '' };
    return details;
  }

  /** Every sync, background ones included, ends with `syncEnded`: the client announces new findings from it. */
  private async syncAndTell(signal: AbortSignal, trigger: SyncTrigger): Promise<protocol.SyncResult> {
    const result = await this.runSync(signal, trigger);
    void this.connection.sendNotification(protocol.syncEnded, { trigger, result });
    return result;
  }

  private async runSync(signal: AbortSignal, trigger: SyncTrigger): Promise<protocol.SyncResult> {
    const blocked = notReady(this.settings, this.token);
    if (blocked) return this.refuse(blocked, blocked.kind === 'noToken' ? 'no token set' : 'not configured');
    const url = checkFeedUrl(this.settings.feedUrl);
    if (!url.ok) return this.refuse({ kind: 'notConfigured', message: url.message }, url.message);
    const token = this.token as string;
    if (trigger === 'poll' && token === this.refusedToken) return failure('the feed refused this token; waiting for a new one');
    const waiting = trigger === 'poll' ? this.feedWait.answer() : undefined;
    if (waiting) return waiting;
    await this.cacheReady;
    if (signal.aborted) return failure('superseded');
    if (this.state.kind !== 'offline') this.setState({ kind: 'syncing', since: new Date().toISOString() });
    const target = feedTarget(url.base.toString().replace(/\/$/, ''), token, this.settings);
    const previous = this.cursor;
    const feedKey = this.feedKey();
    const started = Date.now();
    const notices: protocol.SyncNotice[] = [];
    try {
      const hooks = {
        signal,
        log: (level: Level, message: string) => this.log(level, message),
        onRetry: (info: FailureInfo, delayMs: number) => this.retrying(info, delayMs, notices),
        onBytes: (bytes: number) => this.memory.note(bytes),
      };
      // Each finding is split into the store's core and its texts as its page is validated.
      const outcome = await runFeedSync(target, previous, hooks, (finding) => this.store.prepare(finding));
      if (signal.aborted || feedKey !== this.feedKey()) return failure('superseded');
      this.feedWait.clear();
      return await this.applyOutcome(outcome, Date.now() - started, notices);
    } catch (e) {
      if (signal.aborted || feedKey !== this.feedKey()) return failure('superseded');
      const info = failureInfo(e);
      this.releaseMemoryWhenIdle('the failed sync');
      if (info.kind === 'badRequest' && previous !== undefined) {
        this.log('warn', 'the feed refused the incremental sync position; syncing everything again');
        this.cursor = undefined;
        return this.runSync(signal, trigger);
      }
      if (info.kind === 'unknown') this.log('error', `sync failed unexpectedly: ${(e as Error)?.stack ?? info.message}`);
      else this.log('warn', `sync failed (${info.kind}${info.status ? ` ${info.status}` : ''}): ${info.message}`);
      if (info.kind === 'unauthorized') this.refusedToken = token;
      if (info.kind === 'rateLimited' && info.retryAfterMs !== undefined)
        this.feedWait.waitUntil(new Date(Date.now() + Math.min(info.retryAfterMs, RETRY_AFTER_CAP_MS)));
      const stop = stopNotice(info);
      this.notices = stop ? [...notices, stop] : notices;
      if (stop) this.log('warn', stop.message);
      if (isRetryable(e)) {
        this.offlineSince ??= new Date();
        this.setState(offlineState(info, this.offlineSince, new Date(Date.now() + this.settings.pollInterval * 1000)));
      } else this.setState(failedState(info));
      return failure(this.stateMessage());
    }
  }

  /** A retryable failure; the next attempt is in `delayMs` (a 429's Retry-After, capped, or the backoff). */
  private retrying(info: FailureInfo, delayMs: number, notices: protocol.SyncNotice[]): void {
    const retryAt = new Date(Date.now() + delayMs);
    this.offlineSince ??= new Date();
    if (info.kind === 'rateLimited') this.feedWait.waitUntil(retryAt);
    if (info.retryAfterMs !== undefined && info.retryAfterMs > delayMs) {
      const notice = retryAfterNotice(info.retryAfterMs, delayMs, clockTime(retryAt));
      notices.push(notice);
      this.notices = [...notices];
      this.log('warn', notice.message);
    }
    this.log('warn', `sync attempt failed (${info.kind}); retrying in ${Math.round(delayMs / 1000)} s`);
    this.setState(offlineState(info, this.offlineSince, retryAt));
  }

  /** Whether the last sync was stopped at one of the bounds a setting raises. */
  private stoppedAtLimit(): boolean {
    return this.notices.some((n) => n.setting !== undefined);
  }

  private async applyOutcome(
    outcome: SyncOutcome<PreparedFinding>,
    ms: number,
    notices: protocol.SyncNotice[],
  ): Promise<protocol.SyncResult> {
    this.offlineSince = undefined;
    if (changesNothing(outcome)) {
      // Nothing new: what the last sync said still holds, unless this one had something to say.
      if (notices.length > 0) this.notices = notices;
      // An empty incremental page (see changesNothing): keep its cursor, touch nothing else.
      if (outcome.kind !== 'notModified') this.cursor = outcome.cursor;
      this.log('info', `sync: ${outcome.kind === 'notModified' ? 'not modified' : 'no change since the last sync'} (${ms} ms)`);
      this.setState({ kind: 'upToDate', at: new Date().toISOString() });
      return { ok: true, changed: 0, filesPublished: 0, notModified: outcome.kind === 'notModified' };
    }
    // Links made since the last sync are seen now (the cache of where paths lead lives one sync).
    this.realPaths.forget();
    const changes = this.changesOf(outcome);
    const result = outcome.kind === 'full' ? this.store.replaceAll(outcome.findings) : this.store.applyChanges(outcome.findings);
    for (const { finding } of outcome.findings) if (finding.triage) this.history.record(finding.triage);
    if (outcome.kind === 'full') this.invalid.replace(outcome.invalid);
    else
      this.invalid.apply(
        outcome.invalid,
        outcome.findings.map((f) => f.finding.id),
      );
    for (const bad of outcome.invalid) this.log('warn', `invalid finding ${bad.id ?? '(no id)'} set aside: ${bad.problem}`);
    this.cursor = outcome.cursor;
    const kept = outcome.findings.length - result.duplicates;
    const dropped = result.duplicates > 0 ? ` (${result.duplicates} duplicate id(s) dropped)` : '';
    this.log(
      'info',
      `sync: ${outcome.kind}, ${outcome.pages} page(s), ${kept} finding(s)${dropped}, ${outcome.invalid.length} invalid, ${ms} ms`,
    );
    this.notices = result.duplicates > 0 ? [...notices, duplicatesNotice(result.duplicates)] : notices;
    const filesPublished = await this.afterChange(result);
    this.setState({ kind: 'upToDate', at: new Date().toISOString() });
    this.saveCache(outcome.kind === 'full' ? 'all' : new Set(outcome.findings.map((f) => f.finding.id)));
    this.compactTexts();
    this.releaseMemoryWhenIdle('the sync');
    return { ok: true, changed: result.changed, filesPublished, notModified: false, ...(changes ? { changes } : {}) };
  }

  /** What the sync changes, read before the store takes it (syncChanges.ts); nothing on a feed's first sync. */
  private changesOf(outcome: Extract<SyncOutcome<PreparedFinding>, { findings: unknown }>): protocol.SyncChanges | undefined {
    if (this.store.size === 0) return undefined;
    const incoming = outcome.findings.map((f) => f.finding);
    const sent = outcome.kind === 'full' ? new Set(incoming.map((f) => f.id)) : undefined;
    const gone = sent ? [...this.store.all()].filter((s) => !sent.has(s.finding.id)).map((s) => s.finding) : [];
    return syncChanges(incoming, (id) => this.store.get(id)?.finding, gone);
  }

  /** After the store changed: log refused paths, re-publish the affected files, tell the client. */
  private async afterChange(result: ApplyResult): Promise<number> {
    for (const r of result.rejected) this.log('warn', `finding ${r.id}: path "${r.path}" refused (${r.reason}); not shown`);
    for (const uri of result.affected) if (this.documents.get(uri)) this.anchors.rebuild(uri);
    await this.refreshDiskHashes(result.affected);
    const published = await this.publisher.publish(result.affected, (uri) => this.views.diagnostics(uri));
    if (result.changed > 0 || result.affected.size > 0) {
      this.refreshLenses(result.affected);
      void this.connection.sendNotification(protocol.findingsChanged, { count: this.store.size });
    }
    this.sendStatus();
    return published;
  }

  private republish(uris: string[]): void {
    void this.publisher.publish(uris, (uri) => this.views.diagnostics(uri));
  }

  /** One didChange's edits reach the open file's anchors; a failure falls back to the feed's lines, logged. */
  private applyEdits(uri: string, changes: Parameters<AnchorBook['edit']>[1]): void {
    try {
      this.anchors.edit(uri, changes);
    } catch (e) {
      this.anchors.close(uri);
      this.log(
        'error',
        `re-anchoring ${uri} failed; its findings are shown at the feed's lines until it is reopened or the feed changes them: ${(e as Error)?.stack ?? String(e)}`,
      );
    }
  }

  /** Anchors settled after typing, on save, or with the commit's text: the file, its lenses and the list may show other places. */
  private anchorsSettled(uri: string): void {
    this.republish([uri]);
    this.refreshLenses([uri]);
    void this.connection.sendNotification(protocol.findingsChanged, { count: this.store.size });
  }

  /** Every finding as a row, with the newest outbox entry about it. */
  private listFindings(): protocol.FindingListItem[] {
    const newest = newestByFinding(this.outboxViews);
    return [...this.store.all()].map((stored) => {
      const row = this.listRow(stored);
      const entry = newest.get(stored.finding.id);
      if (entry)
        row.outbox =
          entry.message === undefined ? { id: entry.id, state: entry.state } : { id: entry.id, state: entry.state, message: entry.message };
      return row;
    });
  }

  private listRow(stored: StoredFinding): protocol.FindingListItem {
    if (!stored.resolution.ok) return listItem(stored, undefined);
    const uri = stored.resolution.uri;
    const doc = this.documents.get(uri);
    const placement = place(this.view(), uri, stored.finding, doc);
    const reReview = stored.finding.triage?.codeHash !== undefined && this.needsReReview(uri, stored.finding, placement);
    return listItem(stored, doc, this.anchors.placement(uri, stored.finding.id), reReview);
  }

  /** Whether the code the finding's decision was pinned to changed: the editor's text when open, else the disk's. */
  private needsReReview(uri: string, finding: FindingCore, placement: Placement): boolean {
    const doc = this.documents.get(uri);
    return needsReReview(finding, doc ? openCodeHash(doc, placement) : this.diskHashes.get(finding.id));
  }

  /** The same verdict for a stored finding, for the counts: where it is drawn now when its file is open. */
  private storedNeedsReReview(stored: StoredFinding): boolean {
    if (!stored.resolution.ok) return false;
    const uri = stored.resolution.uri;
    return this.needsReReview(uri, stored.finding, place(this.view(), uri, stored.finding, this.documents.get(uri)));
  }

  /** The hash of the finding's flagged code as the user sees it now, for a new decision. */
  private async codeHashNow(stored: StoredFinding): Promise<string | undefined> {
    if (!stored.resolution.ok) return undefined;
    const uri = stored.resolution.uri;
    const doc = this.documents.get(uri);
    if (doc) return openCodeHash(doc, place(this.view(), uri, stored.finding, doc));
    const text = await this.readProjectFile(uri);
    const hash = text === undefined ? undefined : hashesInText([stored.finding], text).get(stored.finding.id);
    if (this.diskHashes.get(stored.finding.id) !== hash) this.viewEpoch += 1;
    this.diskHashes.set(stored.finding.id, hash);
    return hash;
  }

  /** After an edit: whether a pinned finding of the open file changed its needs-re-review verdict. */
  private reReviewFlipped(uri: string): boolean {
    const doc = this.documents.get(uri);
    let flipped = false;
    for (const { finding } of this.store.inFile(uri)) {
      if (finding.triage?.codeHash === undefined) continue;
      const now = doc !== undefined && this.needsReReview(uri, finding, place(this.view(), uri, finding, doc));
      if ((this.reReviewShown.get(finding.id) ?? false) !== now) flipped = true;
      this.reReviewShown.set(finding.id, now);
    }
    return flipped;
  }

  /** Reads the closed files among `uris` again for their pinned findings; re-publishes those whose verdict may have changed. */
  private async refreshDiskHashes(uris: Iterable<string>): Promise<void> {
    const pinned = [];
    for (const uri of uris) {
      if (this.documents.get(uri)) continue;
      for (const { finding } of this.store.inFile(uri)) if (finding.triage?.codeHash !== undefined) pinned.push({ uri, finding });
    }
    if (pinned.length === 0) return;
    const changed = await this.diskHashes.refresh(pinned);
    if (changed.size === 0) return;
    this.viewEpoch += 1;
    this.republish([...changed]);
    this.viewsChanged(changed);
  }

  /** The lenses of `uris`, the findings list and the counts (a needs-re-review verdict flipped) may read differently now. */
  private viewsChanged(uris: Iterable<string>): void {
    this.countsMemo = undefined;
    this.sendStatus();
    this.refreshLenses(uris);
    void this.connection.sendNotification(protocol.findingsChanged, { count: this.store.size });
  }

  /**
   * Asks the editor for code lenses again when one of `uris` is open. Only open files show lenses,
   * and a file shown later asks for its own; a refresh re-renders every visible lens, so one sent for
   * a closed file's change only risks a click that lands during it (VS Code recreates the lens's links).
   * The request goes out before the reply to whatever caused it (one ordered stream).
   */
  private refreshLenses(uris: Iterable<string>): void {
    if (!this.codeLensRefresh) return;
    for (const uri of uris) {
      if (!this.documents.get(uri)) continue;
      void this.connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
      return;
    }
  }

  /** Opens the outbox of the configured feed and project, when there is a storage folder to keep it in. */
  private openOutbox(): Promise<void> {
    const url = checkFeedUrl(this.settings.feedUrl);
    const usable = this.storagePath !== undefined && url.ok && this.settings.project !== '';
    const target =
      usable && url.ok ? { storagePath: this.storagePath!, feedBase: url.base.href, project: this.settings.project } : undefined;
    if (!target) this.log('info', 'decisions cannot be queued: no storage folder, feed URL or project');
    return this.outboxes.switchTo(target);
  }

  /**
   * The outbox changed: tell the client, and show each newly synced decision at once (the store is
   * patched with the feed's answer, and a sync fetches the finding's new revision).
   */
  private outboxChanged(entries: protocol.OutboxEntryView[], outbox: Outbox | undefined): void {
    this.outboxViews = entries;
    void this.connection.sendNotification(protocol.outboxChanged, { entries });
    // A decision queued, in conflict or refused changes what needs a decision (the view's badge).
    this.sendStatus();
    const patched: FindingCore[] = [];
    for (const view of entries) {
      if (view.state !== 'synced' || this.appliedResults.has(view.id)) continue;
      const entry = outbox?.entry(view.id);
      if (!entry?.result) continue;
      this.appliedResults.add(view.id);
      this.history.record(entry.result);
      const stored = this.store.get(entry.result.findingId);
      const next = stored && withDecision(stored.finding, entry.result, entry.kind === 'triage' ? entry.ifMatch : undefined);
      if (next) patched.push(next);
    }
    if (patched.length === 0) return;
    this.log('info', `showing ${patched.length} decision(s) the feed accepted; syncing for the new revisions`);
    void this.afterChange(this.store.replace(patched));
    if (this.initialized && !notReady(this.settings, this.token)) this.scheduler.restart();
  }

  /** A feed client for the current token and feed, or undefined (no token, bad URL, a token that cannot be sent). */
  private feedClient(): FeedClient | undefined {
    if (this.token === null) return undefined;
    try {
      return new FeedClient({
        baseUrl: this.settings.feedUrl,
        token: this.token,
        timeoutMs: this.settings.requestTimeout * 1000,
        log: (level, message) => this.log(level, message),
      });
    } catch {
      return undefined;
    }
  }

  /** The finding's file at its commit, from the project folder's repository, when it has it. */
  private async baseText(finding: FindingCore): Promise<string | undefined> {
    const folder = this.projectFolder();
    if (!folder || finding.commit === undefined) return undefined;
    return this.gitBases.textAt(folder.toString(), finding.commit, finding.location.path);
  }

  private async loadCache(): Promise<void> {
    const file = this.cacheFile();
    if (!file) return;
    const { feedUrl, project } = this.settings;
    const cached = await readCache(file, feedUrl, project, (finding) => this.store.prepare(finding)).catch((e: Error) => ({
      error: e.message,
    }));
    if (!cached) return;
    if ('error' in cached) {
      this.log('warn', `findings cache ignored: ${cached.error}`);
      return;
    }
    if (this.cursor !== undefined || this.store.size > 0 || feedUrl !== this.settings.feedUrl || project !== this.settings.project) return;
    this.log('info', `showing ${cached.findings.length} cached finding(s) until the sync ends`);
    if (cached.invalid.length === 0) {
      this.cursor = cached.cursor;
      this.cacheWriter.adopt(file, cached.journal);
    } else {
      // An incremental sync would never bring them back (they did not change): sync everything, and rewrite the cache.
      this.log(
        'warn',
        `${cached.invalid.length} cached finding(s) no longer match the feed contract (first: ${cached.invalid[0]!.id ?? '(no id)'}: ${cached.invalid[0]!.problem}); syncing everything again`,
      );
    }
    for (const { finding } of cached.findings) if (finding.triage) this.history.record(finding.triage);
    this.realPaths.forget();
    await this.afterChange(this.store.replaceAll(cached.findings));
    this.memory.note(cached.journal.validBytes);
    this.releaseMemoryWhenIdle('loading the cache');
  }

  /** Once the cache write is over too, gives back what big work left in the heap (see memoryRelease.ts). */
  private releaseMemoryWhenIdle(after: string): void {
    const mb = (bytes: number) => Math.round(bytes / 1048576);
    void this.cacheWriter
      .idle()
      .then(() => this.memory.releaseIfDue())
      .then(
        (released) =>
          released &&
          this.log(
            'info',
            `memory given back after ${after}: RSS ${mb(released.rssBefore)} MB → ${mb(released.rssAfter)} MB in ${Math.round(released.ms)} ms`,
          ),
        (error: unknown) =>
          this.log(
            'warn',
            `could not give memory back after ${after} (not tried again; V8 gives it back when idle): ${error instanceof Error ? error.message : String(error)}`,
          ),
      );
  }

  /** Asks for a cache write after the status went out (the findings in `changed`, or all); the store is read when it starts. */
  private saveCache(changed: 'all' | ReadonlySet<string>): void {
    const file = this.cacheFile();
    if (!file || !this.cursor) return;
    const { feedUrl, project } = this.settings;
    const feedKey = this.feedKey();
    const store = this.store;
    this.cacheWriter.save({
      file,
      feedUrl,
      project,
      changed,
      snapshot: () => {
        if (feedKey !== this.feedKey() || !this.cursor) return undefined;
        return {
          cursor: this.cursor,
          count: store.size,
          // Read as the write goes: the whole findings (texts included) are never all in memory at once.
          all: function* () {
            for (const s of store.all()) yield store.full(s);
          },
          get: (id) => {
            const stored = store.get(id);
            return stored && store.full(stored);
          },
        };
      },
    });
  }

  /** Where the findings' texts wait: a scratch file in the storage folder (the OS temp folder without one). */
  private newTextStore(): TextSpill {
    return new TextSpill(this.storagePath, (message) => this.log('warn', message));
  }

  /** After a sync: when most of the scratch file is texts of findings replaced or gone, copy the rest to a new one. */
  private compactTexts(): void {
    const before = this.store.textBytes();
    if (this.store.compactTexts(() => this.newTextStore())) {
      this.log(
        'info',
        `findings' texts compacted: ${Math.round(before.total / 1048576)} MB → ${Math.round(this.store.textBytes().total / 1048576)} MB`,
      );
    }
  }

  private cacheFile(): string | undefined {
    if (!this.storagePath || notReady(this.settings, '') !== undefined) return undefined;
    return cachePath(this.storagePath, this.settings.feedUrl, this.settings.project);
  }

  private resolvePath(path: string): PathResolution {
    const folder = this.projectFolder();
    if (!folder) return { ok: false, reason: 'no workspace folder for this project' };
    return resolveInWorkspace(folder, path, this.realPaths);
  }

  /** A file of the project folder, read only when its real path is inside the folder's (checked at the read). */
  private readProjectFile(uri: string): Promise<string | undefined> {
    return readInsideFolder(this.projectFolder(), uri);
  }

  private projectFolder(): URI | undefined {
    return projectFolder(this.settings.project, this.settings.projectFolders, this.folders);
  }

  /** The part of every file's view key that is not about the file itself. */
  private viewEpochKey(): string {
    return `${this.viewEpoch}/${this.settings.resolvedFindings}`;
  }

  private view(): ViewContext {
    return {
      store: this.store,
      resolvedDisplay: this.settings.resolvedFindings,
      document: (uri) => this.documents.get(uri),
      anchored: (uri, id) => this.anchors.placement(uri, id),
      reReview: (uri, finding, placement) => this.needsReReview(uri, finding, placement),
      resolveUri: (path) => {
        const r = this.resolvePath(path);
        return r.ok ? r.uri : null;
      },
    };
  }

  private refuse(state: protocol.SyncState, message: string): protocol.SyncResult {
    this.setState(state);
    return failure(message);
  }

  private setState(state: protocol.SyncState): void {
    this.state = state;
    this.sendStatus();
  }

  private sendStatus(): void {
    void this.connection.sendNotification(protocol.status, { state: this.state, counts: this.statusCounts(), notices: this.notices });
  }

  /**
   * The counts, recounted only when the findings, the set-aside ones or those awaiting the feed
   * changed: a 304 resync must not walk 100,000 findings, nor must an outbox entry's retry.
   */
  private statusCounts(): protocol.FindingCounts {
    const awaiting = this.awaitingFeed();
    const key = `${this.store.version}/${this.invalid.count}/${this.viewEpoch}/${awaiting.map((s) => s.finding.id).join(',')}`;
    if (this.countsMemo?.key !== key)
      this.countsMemo = { key, counts: this.tally.counts(this.invalid.count, (stored) => this.storedNeedsReReview(stored), awaiting) };
    return this.countsMemo.counts;
  }

  /** The findings whose newest decision the feed has not taken yet (pending, in conflict or refused). */
  private awaitingFeed(): StoredFinding[] {
    const awaiting: StoredFinding[] = [];
    for (const [id, entry] of newestByFinding(this.outboxViews)) {
      const stored = entry.state === 'synced' ? undefined : this.store.get(id);
      if (stored) awaiting.push(stored);
    }
    return awaiting;
  }

  private stateMessage(): string {
    return 'message' in this.state ? this.state.message : this.state.kind;
  }

  private feedKey(): string {
    return `${this.settings.feedUrl}\n${this.settings.project}`;
  }

  private log(level: Level, message: string): void {
    this.connection.console[level === 'warn' ? 'warn' : level](message);
  }
}

/** The hash of the lines a placement covers in an open document; undefined when the code is gone. */
function openCodeHash(doc: TextDocument, placement: Placement): string | undefined {
  if (placement.state === 'lost') return undefined;
  const { first, last } = coveredLines(placement.range);
  if (first >= doc.lineCount) return undefined;
  const text = doc.getText({ start: { line: first, character: 0 }, end: { line: last + 1, character: 0 } });
  return codeHash(text.split(/\r\n|\r|\n/).slice(0, last - first + 1));
}

/** Whether one of the bounds of a sync changed. */
function limitsChanged(before: ServerSettings, after: ServerSettings): boolean {
  return (
    before.maxPagesPerSync !== after.maxPagesPerSync ||
    before.maxFindingsPerSync !== after.maxFindingsPerSync ||
    before.maxResponseMegabytes !== after.maxResponseMegabytes
  );
}

function failure(message: string): protocol.SyncResult {
  return { ok: false, changed: 0, filesPublished: 0, notModified: false, message };
}
