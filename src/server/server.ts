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
import type { Finding } from '../shared/feed';
import * as protocol from '../shared/protocol';
import { parseSettings, ServerSettings } from '../shared/settings';
import { AnchorBook } from './anchorBook';
import { cachePath, readCache, writeCache } from './cache';
import { countFindings } from './counts';
import { failureInfo, runFeedSync } from './feedSync';
import { checkFeedUrl } from './feed/origin';
import type { SyncCursor, SyncOutcome } from './feed/sync';
import { isRetryable } from './feed/errors';
import type { DocumentEdits } from './documentEdits';
import { GitBases } from './gitBases';
import { fileCodeLenses, fileDiagnostics, hoverAt, listItem, type ViewContext } from './fileView';
import { InvalidFindings } from './invalid';
import { foldersFromInitialize, projectFolder, resolveInFolder, type PathResolution, type WorkspaceFolderRef } from './paths';
import { DiagnosticsPublisher } from './publisher';
import { SyncScheduler, type SyncTrigger } from './scheduler';
import { FindingStore, type ApplyResult, type StoredFinding } from './store';
import { failedState, notReady, offlineState } from './syncState';

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
  private offlineSince: Date | undefined;
  private codeLensRefresh = false;
  private folderChanges = false;
  private initialized = false;
  /** Problems with the initial settings, reported once the client listens. */
  private pendingProblems: string[] = [];
  private cacheReady: Promise<void> = Promise.resolve();
  private cacheWrites: Promise<void> = Promise.resolve();
  private readonly store = new FindingStore((path) => this.resolvePath(path));
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

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly edits?: DocumentEdits,
  ) {
    this.publisher = new DiagnosticsPublisher((uri, diagnostics) => connection.sendDiagnostics({ uri, diagnostics }));
    this.scheduler = new SyncScheduler((signal, trigger) => this.runSync(signal, trigger), () => this.settings.pollInterval * 1000);
  }

  /** Registers every handler; call once, before `connection.listen()`. */
  register(): void {
    const c = this.connection;
    c.onInitialize((params) => this.onInitialize(params));
    c.onInitialized(() => this.onInitialized());
    c.onDidChangeConfiguration((params) => this.onConfigurationChange(params.settings));
    c.onNotification(protocol.setToken, (params) => this.setToken(params?.token ?? null));
    c.onRequest(protocol.syncNow, () => this.scheduler.syncNow('manual'));
    c.onRequest(protocol.getFinding, (params) => this.getFinding(params.id));
    c.onRequest(protocol.listFindings, () => [...this.store.all()].map((s) => this.listRow(s)));
    c.onCodeLens((params) => fileCodeLenses(this.view(), params.textDocument.uri));
    c.onHover((params) => hoverAt(this.view(), params.textDocument.uri, params.position));
    c.onShutdown(() => {
      this.scheduler.dispose();
      this.anchors.dispose();
    });
    this.edits?.onEdit((uri, changes) => this.applyEdits(uri, changes));
    this.documents.onDidOpen((e) => {
      this.anchors.rebuild(e.document.uri);
      this.republish([e.document.uri]);
    });
    // Without the edits themselves (another TextDocuments), anchor the whole new text again.
    this.documents.onDidChangeContent((e) => {
      if (!this.edits) this.anchors.rebuild(e.document.uri);
      if (!this.edits || this.anchors.takeChanged(e.document.uri)) this.republish([e.document.uri]);
    });
    this.documents.onDidSave((e) => this.anchors.settle(e.document.uri));
    this.documents.onDidClose((e) => {
      this.anchors.close(e.document.uri);
      this.republish([e.document.uri]);
    });
  }

  private onInitialize(params: InitializeParams): InitializeResult {
    this.folders = foldersFromInitialize(params);
    this.codeLensRefresh = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    this.folderChanges = params.capabilities.workspace?.workspaceFolders === true;
    const raw = params.initializationOptions as { settings?: unknown; storagePath?: unknown } | undefined;
    this.storagePath = typeof raw?.storagePath === 'string' ? raw.storagePath : undefined;
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
    if (!this.initialized) return;
    const feedChanged = before.feedUrl !== parsed.settings.feedUrl || before.project !== parsed.settings.project;
    if (feedChanged) this.switchFeed();
    else if (JSON.stringify(before.projectFolders) !== JSON.stringify(parsed.settings.projectFolders)) {
      void this.afterChange(this.store.reresolve((path) => this.resolvePath(path)));
    } else if (before.resolvedFindings !== parsed.settings.resolvedFindings) {
      void this.afterChange({ affected: new Set(this.store.files()), changed: 0, rejected: [] });
    }
    if (before.pollInterval !== parsed.settings.pollInterval) this.scheduler.reschedule();
  }

  private reportProblems(problems: string[]): void {
    this.log('warn', `settings ignored, the last good ones are kept: ${problems.join('; ')}`);
    void this.connection.sendNotification(protocol.settingsProblem, { problems });
  }

  /** Another feed or project: forget what was shown, show its cache, sync it. */
  private switchFeed(): void {
    this.cursor = undefined;
    this.refusedToken = null;
    this.invalid.replace([]);
    void this.afterChange(this.store.clear());
    this.cacheReady = this.loadCache();
    this.scheduler.restart();
  }

  /** Folders were added or removed: the project's folder may be another one now. */
  private changeFolders(added: readonly WorkspaceFolderRef[], removed: readonly WorkspaceFolderRef[]): void {
    const gone = new Set(removed.map((f) => f.uri));
    this.folders = this.folders.filter((f) => !gone.has(f.uri)).concat(added);
    void this.afterChange(this.store.reresolve((path) => this.resolvePath(path)));
  }

  private setToken(token: string | null): void {
    this.token = token === '' ? null : token;
    if (this.token !== null) this.refusedToken = null;
    if (this.initialized) this.scheduler.restart();
  }

  private getFinding(id: string): protocol.FindingDetails | null {
    const stored = this.store.get(id);
    if (!stored) return null;
    const details: protocol.FindingDetails = { finding: stored.finding, uri: stored.resolution.ok ? stored.resolution.uri : null };
    const placement = details.uri === null ? undefined : this.anchors.placement(details.uri, id);
    if (placement) details.anchor = { state: placement.state, confidence: placement.confidence ?? 1, reason: placement.reason ?? '' };
    return details;
  }

  private async runSync(signal: AbortSignal, trigger: SyncTrigger): Promise<protocol.SyncResult> {
    const blocked = notReady(this.settings, this.token);
    if (blocked) return this.refuse(blocked, blocked.kind === 'noToken' ? 'no token set' : 'not configured');
    const url = checkFeedUrl(this.settings.feedUrl);
    if (!url.ok) return this.refuse({ kind: 'notConfigured', message: url.message }, url.message);
    const token = this.token as string;
    if (trigger === 'poll' && token === this.refusedToken) return failure('the feed refused this token; waiting for a new one');
    await this.cacheReady;
    if (signal.aborted) return failure('superseded');
    if (this.state.kind !== 'offline') this.setState({ kind: 'syncing', since: new Date().toISOString() });
    const target = { baseUrl: url.base.toString().replace(/\/$/, ''), project: this.settings.project, token, timeoutMs: this.settings.requestTimeout * 1000 };
    const previous = this.cursor;
    const feedKey = this.feedKey();
    const started = Date.now();
    try {
      const outcome = await runFeedSync(target, previous, {
        signal,
        log: (level, message) => this.log(level, message),
        onRetry: (info, delayMs) => {
          this.offlineSince ??= new Date();
          this.log('warn', `sync attempt failed (${info.kind}); retrying in ${Math.round(delayMs / 1000)} s`);
          this.setState(offlineState(info, this.offlineSince, new Date(Date.now() + delayMs)));
        },
      });
      if (signal.aborted || feedKey !== this.feedKey()) return failure('superseded');
      return await this.applyOutcome(outcome, Date.now() - started);
    } catch (e) {
      if (signal.aborted || feedKey !== this.feedKey()) return failure('superseded');
      const info = failureInfo(e);
      if (info.kind === 'badRequest' && previous !== undefined) {
        this.log('warn', 'the feed refused the incremental sync position; syncing everything again');
        this.cursor = undefined;
        return this.runSync(signal, trigger);
      }
      if (info.kind === 'unknown') this.log('error', `sync failed unexpectedly: ${(e as Error)?.stack ?? info.message}`);
      else this.log('warn', `sync failed (${info.kind}${info.status ? ` ${info.status}` : ''}): ${info.message}`);
      if (info.kind === 'unauthorized') this.refusedToken = token;
      if (isRetryable(e)) {
        this.offlineSince ??= new Date();
        this.setState(offlineState(info, this.offlineSince, new Date(Date.now() + this.settings.pollInterval * 1000)));
      } else this.setState(failedState(info));
      return failure(this.stateMessage());
    }
  }

  private async applyOutcome(outcome: SyncOutcome, ms: number): Promise<protocol.SyncResult> {
    this.offlineSince = undefined;
    if (outcome.kind === 'notModified') {
      this.log('info', `sync: not modified (${ms} ms)`);
      this.setState({ kind: 'upToDate', at: new Date().toISOString() });
      return { ok: true, changed: 0, filesPublished: 0, notModified: true };
    }
    const result = outcome.kind === 'full' ? this.store.replaceAll(outcome.findings) : this.store.applyChanges(outcome.findings);
    if (outcome.kind === 'full') this.invalid.replace(outcome.invalid);
    else this.invalid.apply(outcome.invalid, outcome.findings.map((f) => f.id));
    for (const bad of outcome.invalid) this.log('warn', `invalid finding ${bad.id ?? '(no id)'} set aside: ${bad.problem}`);
    this.cursor = outcome.cursor;
    this.log('info', `sync: ${outcome.kind}, ${outcome.pages} page(s), ${outcome.findings.length} finding(s), ${outcome.invalid.length} invalid, ${ms} ms`);
    const filesPublished = await this.afterChange(result);
    this.saveCache();
    this.setState({ kind: 'upToDate', at: new Date().toISOString() });
    return { ok: true, changed: result.changed, filesPublished, notModified: false };
  }

  /** After the store changed: log refused paths, re-publish the affected files, tell the client. */
  private async afterChange(result: ApplyResult): Promise<number> {
    for (const r of result.rejected) this.log('warn', `finding ${r.id}: path "${r.path}" refused (${r.reason}); not shown`);
    for (const uri of result.affected) if (this.documents.get(uri)) this.anchors.rebuild(uri);
    const published = await this.publisher.publish(result.affected, (uri) => fileDiagnostics(this.view(), uri));
    if (result.changed > 0 || result.affected.size > 0) {
      if (this.codeLensRefresh) void this.connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
      void this.connection.sendNotification(protocol.findingsChanged, { count: this.store.size });
    }
    this.sendStatus();
    return published;
  }

  private republish(uris: string[]): void {
    void this.publisher.publish(uris, (uri) => fileDiagnostics(this.view(), uri));
  }

  /** One didChange's edits reach the open file's anchors; a failure falls back to the feed's lines, logged. */
  private applyEdits(uri: string, changes: Parameters<AnchorBook['edit']>[1]): void {
    try {
      this.anchors.edit(uri, changes);
    } catch (e) {
      this.anchors.close(uri);
      this.log('error', `re-anchoring ${uri} failed; its findings are shown at the feed's lines until it is reopened or the feed changes them: ${(e as Error)?.stack ?? String(e)}`);
    }
  }

  /** Anchors settled after typing, on save, or with the commit's text: the file, its lenses and the list may show other places. */
  private anchorsSettled(uri: string): void {
    this.republish([uri]);
    if (this.codeLensRefresh) void this.connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
    void this.connection.sendNotification(protocol.findingsChanged, { count: this.store.size });
  }

  private listRow(stored: StoredFinding): protocol.FindingListItem {
    if (!stored.resolution.ok) return listItem(stored, undefined);
    const uri = stored.resolution.uri;
    return listItem(stored, this.documents.get(uri), this.anchors.placement(uri, stored.finding.id));
  }

  /** The finding's file at its commit, from the project folder's repository, when it has it. */
  private async baseText(finding: Finding): Promise<string | undefined> {
    const folder = projectFolder(this.settings.project, this.settings.projectFolders, this.folders);
    if (!folder || finding.commit === undefined) return undefined;
    return this.gitBases.textAt(folder.toString(), finding.commit, finding.location.path);
  }

  private async loadCache(): Promise<void> {
    const file = this.cacheFile();
    if (!file) return;
    const { feedUrl, project } = this.settings;
    const cached = await readCache(file, feedUrl, project).catch((e: Error) => ({ error: e.message }));
    if (!cached) return;
    if ('error' in cached) {
      this.log('warn', `findings cache ignored: ${cached.error}`);
      return;
    }
    if (this.cursor !== undefined || this.store.size > 0 || feedUrl !== this.settings.feedUrl || project !== this.settings.project) return;
    this.cursor = cached.cursor;
    this.log('info', `showing ${cached.findings.length} cached finding(s) until the sync ends`);
    await this.afterChange(this.store.replaceAll(cached.findings));
  }

  private saveCache(): void {
    const file = this.cacheFile();
    const cursor = this.cursor;
    if (!file || !cursor) return;
    const { feedUrl, project } = this.settings;
    const findings: Finding[] = [...this.store.all()].map((s) => s.finding);
    this.cacheWrites = this.cacheWrites
      .then(() => writeCache(file, feedUrl, project, { cursor, findings }))
      .then(() => this.log('info', `findings cache saved (${findings.length} finding(s))`))
      .catch((e: Error) => this.log('warn', `could not write the findings cache: ${e.message}`));
  }

  private cacheFile(): string | undefined {
    if (!this.storagePath || notReady(this.settings, '') !== undefined) return undefined;
    return cachePath(this.storagePath, this.settings.feedUrl, this.settings.project);
  }

  private resolvePath(path: string): PathResolution {
    const folder = projectFolder(this.settings.project, this.settings.projectFolders, this.folders);
    if (!folder) return { ok: false, reason: 'no workspace folder for this project' };
    return resolveInFolder(folder, path);
  }

  private view(): ViewContext {
    return {
      store: this.store,
      resolvedDisplay: this.settings.resolvedFindings,
      document: (uri) => this.documents.get(uri),
      anchored: (uri, id) => this.anchors.placement(uri, id),
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
    const counts = countFindings(this.store.all(), this.invalid.count);
    void this.connection.sendNotification(protocol.status, { state: this.state, counts });
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

function failure(message: string): protocol.SyncResult {
  return { ok: false, changed: 0, filesPublished: 0, notModified: false, message };
}
