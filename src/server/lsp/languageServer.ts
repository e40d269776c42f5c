/**
 * The Findings Lens language server: registers the LSP handlers and routes each one to the part
 * that owns it. The findings and everything about them live in the session of the configured feed
 * and project (session/feedSession.ts), replaced whole when either changes; the syncs are the sync
 * controller's (sync/syncController.ts); what the editor is told goes through the change sink
 * (views/changeSink.ts). This file holds the settings, the folders and the token.
 */
import {
  DidChangeWatchedFilesNotification,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type TextDocuments,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import * as protocol from '../../shared/protocol';
import {
  GetFindingParams,
  ListTriageParams,
  SetTokenParams,
  SubmitReviewParams,
  SubmitTriageParams,
  WatchedFilesParams,
} from '../../shared/protocolSchemas';
import { parseSettings, ServerSettings } from '../../shared/settings';
import { OutboxTurns } from '../decisions/sessionOutbox';
import { feedClientFor } from '../feed/client';
import { MemoryRelease } from '../findings/memoryRelease';
import { FeedSession, type SessionEnvironment } from '../session/feedSession';
import { SyncController } from '../sync/syncController';
import type { ChangeSink } from '../views/changeSink';
import { codeActionsFor } from '../views/codeActions';
import { watchWorkspaceFiles } from '../workspace/fileWatcher';
import { GitBases } from '../workspace/gitBases';
import { projectFolder, type WorkspaceFolderRef } from '../workspace/paths';
import type { DocumentEdits } from './documentEdits';
import { routeDocumentEvents } from './documentEvents';
import { editorChanges } from './editorChanges';
import { INITIALIZE_RESULT, readInitialize, type Initialization } from './initialize';
import { onParsedNotification, onParsedRequest, parsedNotification } from './params';
import { ourSection, settingsChange } from './settingsChange';
import type { LastShownWriter } from '../views/lastShown';
import { keepLastShown } from './lastShownFiles';

export class LanguageServer {
  private settings: ServerSettings = ServerSettings.parse({});
  /** What `initialize` said (the editor's folders and capabilities, our options); undefined before. */
  private editor: Initialization | undefined;
  private folders: WorkspaceFolderRef[] = [];
  private token: string | null = null;
  private initialized = false;
  /** The editor tells us when the workspace's files change on disk (our watcher is registered). */
  private watching = false;
  private readonly changes: ChangeSink;
  /** The open files' last diagnostics, kept for the editor's next start. */
  private readonly lastShown: LastShownWriter;
  private readonly sync: SyncController;
  private readonly shared: Omit<SessionEnvironment, 'storagePath'>;
  /** The feed and project configured now; a placeholder until the server is initialized. */
  private session: FeedSession;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly edits?: DocumentEdits,
  ) {
    const log = (level: 'info' | 'warn' | 'error', message: string) => connection.console[level](message);
    this.lastShown = keepLastShown(documents, {
      storagePath: () => this.editor?.storagePath,
      settings: () => this.settings,
      diagnostics: (uri) => this.session.views.diagnostics(uri),
      log,
    });
    this.changes = editorChanges(connection, documents, {
      session: () => this.session,
      syncShown: () => this.sync.shown,
      canRefreshLenses: () => this.editor?.lensRefresh === true,
      takesBatches: () => this.editor?.diagnosticBatches === true,
      openFilesShown: () => this.lastShown.changed(),
    });
    const memory = new MemoryRelease();
    this.sync = new SyncController({
      settings: () => this.settings,
      token: () => this.token,
      session: () => this.session,
      changes: this.changes,
      memory,
      log,
      syncEnded: (params) => void connection.sendNotification(protocol.syncEnded, params),
      openPaths: () => documents.keys().flatMap((uri) => this.session.files.pathOf(uri) ?? []),
    });
    this.shared = {
      documents,
      settings: () => this.settings,
      projectFolder: () => projectFolder(this.settings.project, this.settings.projectFolders, this.folders),
      gitBases: new GitBases(),
      feedClient: () => feedClientFor(this.settings, this.token, log),
      outboxTurns: new OutboxTurns(),
      changes: this.changes,
      memory,
      log,
      decisionsAccepted: () => this.sync.decisionsAccepted(),
      watchesFiles: () => this.watching,
      pushSync: (kind) => this.sync.pushSync(kind),
      decisionsChanged: () => void connection.sendNotification(protocol.decisionsChanged),
      updatesChanged: (health) => this.sync.updatesChanged(health),
    };
    this.session = this.newSession();
  }

  /** Registers every handler; call once, before `connection.listen()`. */
  register(): void {
    const c = this.connection;
    c.onInitialize((params) => this.onInitialize(params));
    c.onInitialized(() => this.onInitialized());
    c.onDidChangeConfiguration((params) => this.onConfigurationChange(params.settings));
    // Every custom message's params are parsed at the door (params.ts): a bad one is refused by name.
    onParsedNotification(c, protocol.setToken, SetTokenParams, (p) => this.setToken(p.token), this.shared.log);
    c.onRequest(protocol.syncNow, () => this.sync.syncNow());
    onParsedRequest(c, protocol.getFinding, GetFindingParams, (p) => this.session.details(p.id));
    c.onRequest(protocol.listFindings, () => this.session.rows());
    onParsedRequest(c, protocol.submitTriage, SubmitTriageParams, (p) => this.session.decisions.submitTriage(p));
    onParsedRequest(c, protocol.submitReview, SubmitReviewParams, (p) => this.session.decisions.submitReview(p));
    c.onRequest(protocol.getMe, () => this.session.decisions.getMe());
    onParsedRequest(c, protocol.listTriage, ListTriageParams, (p) => this.session.decisions.listTriage(p));
    c.onDidChangeWatchedFiles(
      parsedNotification(
        DidChangeWatchedFilesNotification.method,
        WatchedFilesParams,
        (p) => this.session.filesChanged(p.changes.map((change) => change.uri)),
        this.shared.log,
      ),
    );
    c.onCodeLens((params) => this.session.views.codeLenses(params.textDocument.uri));
    c.onHover((params) => this.session.views.hover(params.textDocument.uri, params.position));
    c.onCodeAction((params) => {
      const source = { views: this.session.views, files: this.session.files, document: (uri: string) => this.documents.get(uri) };
      return this.editor ? codeActionsFor(params, source, this.editor.fixEditor) : [];
    });
    c.onShutdown(async () => {
      await this.lastShown.flush();
      this.sync.dispose();
      await this.session.close();
    });
    routeDocumentEvents(this.documents, this.edits, {
      session: () => this.session,
      opened: () => this.sync.fileOpened(),
      closed: (uri) => this.changes.closed(uri),
    });
  }

  private onInitialize(params: InitializeParams): InitializeResult {
    this.editor = readInitialize(params);
    ({ folders: this.folders, settings: this.settings } = this.editor);
    return INITIALIZE_RESULT;
  }

  private onInitialized(): void {
    this.initialized = true;
    if (this.editor?.folderChanges) this.connection.workspace.onDidChangeWorkspaceFolders((e) => this.changeFolders(e.added, e.removed));
    if (this.editor?.problems.length) this.reportProblems(this.editor.problems);
    if (this.editor?.fileWatching)
      void watchWorkspaceFiles(this.connection, this.shared.log).then((watching) => (this.watching = watching));
    this.switchFeed(false);
    this.sync.start();
  }

  /** New settings (`workspace/didChangeConfiguration`): bad ones are reported and the last good ones kept. */
  private onConfigurationChange(payload: unknown): void {
    const section = ourSection(payload);
    if (section === undefined)
      return this.shared.log('info', 'configuration change without findingsLens settings; keeping the current ones');
    const parsed = parseSettings(section);
    if (!parsed.ok) return this.reportProblems(parsed.problems);
    const before = this.settings;
    this.settings = parsed.settings;
    if (!this.initialized) return;
    const change = settingsChange(before, this.settings);
    if (change === 'feed') this.switchFeed(true);
    else if (change === 'folders') this.session.resolveAgain();
    else if (change === 'display') this.session.displayChanged();
    this.sync.settingsChanged(before, this.settings);
  }

  private reportProblems(problems: string[]): void {
    this.shared.log('warn', `settings ignored, the last good ones are kept: ${problems.join('; ')}`);
    void this.connection.sendNotification(protocol.settingsProblem, { problems });
  }

  /** Another feed or project (or the first): a new session replaces the last whole; what it showed is cleared, its cache shown. */
  private switchFeed(restartSync: boolean): void {
    const old = this.session;
    this.session = this.newSession();
    void old.close();
    this.session.open(old.cache.idle(), this.documents.keys());
    const shown = old.store.files();
    if (old.store.size > 0) this.changes.add({ files: shown, lenses: shown, list: true, status: true });
    if (restartSync) this.sync.restart();
  }

  private newSession(): FeedSession {
    return new FeedSession(this.settings.feedUrl, this.settings.project, { ...this.shared, storagePath: this.editor?.storagePath });
  }

  /** Folders were added or removed: the project's folder may be another one now. */
  private changeFolders(added: readonly WorkspaceFolderRef[], removed: readonly WorkspaceFolderRef[]): void {
    const gone = new Set(removed.map((f) => f.uri));
    this.folders = this.folders.filter((f) => !gone.has(f.uri)).concat(added);
    this.session.resolveAgain();
  }

  private setToken(token: string | null): void {
    const next = token === '' ? null : token;
    // The editor hands the token over at each start and whenever its secret store stirs, the same
    // one again at times: restarting the sync for it cancelled the open files' first look at start.
    // The same token after the feed refused it is a try again.
    if (this.initialized && next === this.token && next !== this.session.sync.refusedToken) return;
    this.token = next;
    this.session.tokenChanged(this.token);
    if (this.initialized) this.sync.restart();
  }
}
