/**
 * The triage panel's host: one WebviewPanel, the CSP'd HTML, the `ready` handshake, and the
 * messages both ways, each parsed with the shared zod union. Decisions go to the server's outbox
 * (one request per finding); the panel shows their state as the server reports it. The findings
 * list is needed while the panel is in front (see findingsSource.ts): a hidden panel's webview is
 * gone, or shows nothing anyone sees.
 */
import * as vscode from 'vscode';
import type { AcknowledgeReason, TriageAction } from '../../shared/feed';
import { isMessageLink, safeLinkTarget } from '../../shared/messageLinks';
import type { TriageReceipt } from '../../shared/protocol';
import { HostToWebview, WebviewToHost, parseMessage, type PanelTab } from '../../shared/webview';
import type { FindingsSource } from '../findingsSource';
import { historyOf, locationTarget, outboxFor, reviewRequests, triageRequests } from './hostMessages';
import { newNonce, panelHtml } from './html';
import { ensureRunning, errorText, whoAmI, type PanelServer } from './serverCalls';
import { TRIAGE_VIEW_TYPE } from './viewType';

export interface PanelDeps {
  extensionUri: vscode.Uri;
  server: PanelServer;
  source: FindingsSource;
  log: vscode.LogOutputChannel;
  exportDecisions(format: 'csv' | 'openvex' | 'sarif'): Promise<void>;
}

/** What the serializer gets back from the webview's `setState`. */
export interface RestoredState {
  detailsId?: string | null;
  tab?: PanelTab;
}

export class TriagePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  /** How many times a webview said `ready`: a message it did not get is sent again to the next one. */
  private readies = 0;
  private selectedId: string | null = null;
  private tab: PanelTab = 'findings';
  /** Who the webview was last told is signed in (see followIdentity). */
  private identity: string | undefined;
  /** Messages to send once the webview says it is ready (a form asked for before it loaded). */
  private queued: HostToWebview[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  /** The panel's claim on the findings list while it is visible. */
  private demand: vscode.Disposable | undefined;

  constructor(private readonly deps: PanelDeps) {
    this.disposables.push(
      deps.source.onDidChange(() => {
        this.post({ type: 'findings', items: deps.source.findings.slice() });
        void this.followIdentity();
      }),
      deps.source.onDidChangeOutbox((entries) => this.post({ type: 'outbox', entries })),
      deps.source.onDidChangeDecisions(() => this.post({ type: 'reviewsChanged' })),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.post({ type: 'trust', trusted: true })),
      { dispose: () => this.needList(false) },
    );
  }

  /** Opens (or brings forward, focused) the panel on a finding. */
  show(findingId?: string): void {
    if (findingId) this.showFinding(findingId);
    this.ensurePanel();
    if (findingId) this.postOrQueue({ type: 'select', id: findingId });
  }

  /** Opens (or brings forward, focused) the panel with the decision form for one finding, `reason` pre-selected if given. */
  decide(findingId: string, action: TriageAction, reason?: AcknowledgeReason): void {
    this.showFinding(findingId);
    this.ensurePanel();
    this.postOrQueue(reason ? { type: 'openForm', ids: [findingId], action, reason } : { type: 'openForm', ids: [findingId], action });
  }

  /** Takes over a panel VS Code restored after a reload. */
  revive(panel: vscode.WebviewPanel, state: RestoredState | undefined): void {
    this.selectedId = typeof state?.detailsId === 'string' ? state.detailsId : null;
    this.tab = state?.tab === 'review' ? 'review' : 'findings';
    this.attach(panel);
  }

  /**
   * A finding asked for is shown on the Findings tab. The host must know it too: a panel hidden
   * behind another tab is reloaded when it comes forward, and its `init` used to bring back the
   * lead's Review tab, over the finding the user had asked to see.
   */
  private showFinding(findingId: string): void {
    this.selectedId = findingId;
    this.tab = 'findings';
  }

  private ensurePanel(): void {
    if (this.panel) {
      // In its own group, in front of the tabs there, with the focus (so its keys work at once).
      this.panel.reveal(undefined, false);
      // Opened again after Set Feed Token: a lead's token (a sync with no new finding) must still
      // bring the Review tab.
      void this.followIdentity();
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      TRIAGE_VIEW_TYPE,
      'Findings Lens: Triage',
      vscode.ViewColumn.Beside,
      this.webviewOptions(),
    );
    this.attach(panel);
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableCommandUris: false,
      enableForms: false,
      localResourceRoots: [vscode.Uri.joinPath(this.deps.extensionUri, 'dist'), vscode.Uri.joinPath(this.deps.extensionUri, 'media')],
    };
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    panel.webview.options = this.webviewOptions();
    panel.iconPath = vscode.Uri.joinPath(this.deps.extensionUri, 'media', 'shield.svg');
    panel.webview.html = this.html(panel.webview);
    panel.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw), undefined, this.disposables);
    panel.onDidDispose(
      () => {
        this.panel = undefined;
        this.ready = false;
        this.needList(false);
      },
      undefined,
      this.disposables,
    );
    panel.onDidChangeViewState((e) => this.needList(e.webviewPanel.visible), undefined, this.disposables);
    this.needList(panel.visible);
    // No `ready = false` when hidden: a webview that is torn down says `ready` again when shown
    // (and messages to it meanwhile are simply dropped), but one the editor kept alive never does,
    // and the host then dropped every message to it for good.
  }

  private needList(visible: boolean): void {
    if (visible) this.demand ??= this.deps.source.need('the triage panel');
    else {
      this.demand?.dispose();
      this.demand = undefined;
    }
  }

  private html(webview: vscode.Webview): string {
    const asUri = (...p: string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(this.deps.extensionUri, ...p)).toString();
    return panelHtml({
      cspSource: webview.cspSource,
      nonce: newNonce(),
      scriptUri: asUri('dist', 'webview.js'),
      styleUri: asUri('media', 'panel.css'),
    });
  }

  /**
   * For what the user asked to see (a finding, a form): sent now, or once the webview is ready. A
   * panel that sat hidden behind another tab has no webview until it is in front again, so a
   * message sent as it comes forward may not be delivered (the editor showed the finding, from the
   * `init` of the reloaded webview, but not the Acknowledge form); it then goes to the webview
   * that says `ready` next, or to the one that already has.
   */
  private postOrQueue(message: HostToWebview): void {
    if (!this.ready) {
      this.queued.push(message);
      return;
    }
    const readies = this.readies;
    void this.send(message)?.then((delivered) => {
      if (delivered || !this.panel) return;
      if (this.readies !== readies && this.ready) this.post(message);
      else this.queued.push(message);
    });
  }

  private post(message: HostToWebview): void {
    void this.send(message);
  }

  /** Parses before sending too: the webview would drop anything else, better to know here. Undefined: not sent. */
  private send(message: HostToWebview): Thenable<boolean> | undefined {
    if (!this.panel || !this.ready) return undefined;
    const parsed = parseMessage(HostToWebview, message);
    if (!parsed.ok) {
      this.deps.log.error(`Triage panel: not sending an invalid ${message.type} message: ${parsed.error}`);
      return undefined;
    }
    return this.panel.webview.postMessage(parsed.message);
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = parseMessage(WebviewToHost, raw);
    if (!parsed.ok) {
      this.deps.log.warn(`Triage panel: dropped an invalid message from the webview: ${parsed.error}`);
      return;
    }
    try {
      await this.handle(parsed.message);
    } catch (error) {
      this.deps.log.error(`Triage panel: ${parsed.message.type} failed: ${errorText(error)}`);
      this.post({ type: 'error', message: errorText(error), ...aboutOf(parsed.message) });
    }
  }

  private async handle(m: WebviewToHost): Promise<void> {
    switch (m.type) {
      case 'ready':
        return this.sendInit();
      case 'select':
        this.selectedId = m.id;
        return this.sendDetails(m.id);
      case 'decide':
        return this.submitDecisions(m);
      case 'review':
        return this.submitReviews(m);
      case 'openLocation':
        return this.openLocation(m.findingId, m.step);
      case 'openHelp':
        return this.openHelp(m.findingId);
      case 'openLink':
        return this.openLink(m.findingId, m.url);
      case 'export':
        return this.deps.exportDecisions(m.format);
      case 'requestReviewList':
        return this.sendReviewList(m.state);
      case 'tab':
        this.tab = m.tab;
        return;
    }
  }

  /**
   * A new token (Set Feed Token while the panel is open) changes who is signed in: the editor
   * showed a lead's panel still without its Review tab, since only `ready` sent who the user is.
   * When the panel is opened again and after each refresh of the list, ask again and start the
   * panel over when the user changed.
   */
  private async followIdentity(): Promise<void> {
    if (!this.panel || !this.ready) return;
    const me = await whoAmI(this.deps.server);
    if (me === null || identityKey(me) === this.identity) return;
    await this.sendInit();
  }

  private async sendInit(): Promise<void> {
    this.ready = true;
    this.readies += 1;
    const me = await whoAmI(this.deps.server);
    this.identity = identityKey(me);
    // A list already here is shown at once (a newer one follows as `findings`); the first is awaited.
    const items = this.deps.source.loaded ? this.deps.source.findings : await this.deps.source.current();
    this.post({
      type: 'init',
      me,
      items: items.slice(),
      selectedId: this.selectedId,
      tab: me?.role === 'lead' ? this.tab : 'findings',
      trusted: vscode.workspace.isTrusted,
    });
    this.post({ type: 'outbox', entries: this.deps.source.outboxEntries.slice() });
    const queued = this.queued;
    this.queued = [];
    queued.forEach((q) => this.post(q));
  }

  private async sendDetails(id: string): Promise<void> {
    ensureRunning(this.deps.server);
    const details = await this.deps.server.getFinding(id);
    if (!details) {
      this.post({ type: 'error', message: `Finding ${id} is no longer in the feed. Sync to refresh the list.` });
      return;
    }
    this.post({
      type: 'details',
      finding: details.finding,
      resolved: details.uri !== null,
      history: historyOf(details),
      outbox: outboxFor(id, this.deps.source.outboxEntries),
    });
  }

  private submitDecisions(m: Extract<WebviewToHost, { type: 'decide' }>): Promise<void> {
    return this.queueEach(
      'decision',
      triageRequests(m),
      (p) => p.findingId,
      (p) => this.deps.server.submitTriage(p),
    );
  }

  private submitReviews(m: Extract<WebviewToHost, { type: 'review' }>): Promise<void> {
    return this.queueEach(
      'review',
      reviewRequests(m),
      (p) => p.decisionId,
      (p) => this.deps.server.submitReview(p),
    );
  }

  /**
   * Queues one server request per finding (or reviewed decision), going on past a failure so the
   * others are kept, then says how many were queued. The count is of the requests, duplicates
   * already dropped: the user is told what was really queued.
   */
  private async queueEach<P>(
    what: 'decision' | 'review',
    requests: P[],
    idOf: (p: P) => string,
    send: (p: P) => Promise<TriageReceipt>,
  ): Promise<void> {
    if (!vscode.workspace.isTrusted)
      throw new Error(`${what === 'decision' ? 'Decisions' : 'Reviews'} are disabled in Restricted Mode. Nothing was recorded.`);
    ensureRunning(this.deps.server);
    const failures: string[] = [];
    const entryIds: string[] = [];
    for (const params of requests) {
      try {
        entryIds.push((await send(params)).id);
      } catch (error) {
        failures.push(`${idOf(params)}: ${errorText(error)}`);
      }
    }
    this.reportQueued(requests.length, failures, what, entryIds);
  }

  /** The queued entries are followed in the panel until the feed has them (see src/webview/queued.ts). */
  private reportQueued(total: number, failures: string[], what: 'decision' | 'review', entryIds: string[]): void {
    if (entryIds.length > 0) this.post({ type: 'queued', kind: what, entryIds });
    if (failures.length === 0) return;
    const queued = total - failures.length;
    failures.forEach((f) => this.deps.log.error(`Could not queue ${what} ${f}`));
    this.post({
      type: 'error',
      about: what,
      message: `${queued} of ${total} ${what}s queued; ${failures.length} could not be (${failures[0]}). Try again; the queued ones are kept.`,
    });
  }

  private async sendReviewList(state: 'pending' | 'reviewed' | 'all'): Promise<void> {
    ensureRunning(this.deps.server);
    const list = await this.deps.server.listTriage({ state });
    this.post({ type: 'reviewList', state, decisions: list.decisions });
  }

  private async openLocation(findingId: string, step: number | undefined): Promise<void> {
    ensureRunning(this.deps.server);
    const details = await this.deps.server.getFinding(findingId);
    const item = this.deps.source.find(findingId);
    const target = details && locationTarget(details, step, item && item.anchor !== 'lost' ? item.line : undefined);
    if (!target) throw new Error('That location cannot be opened: its file is not in this workspace.');
    const uri = vscode.Uri.parse(target.uri);
    if (!vscode.workspace.getWorkspaceFolder(uri)) throw new Error('That location is outside the workspace; it was not opened.');
    const at = new vscode.Position(target.line, target.character);
    await vscode.window.showTextDocument(uri, {
      viewColumn: vscode.ViewColumn.One,
      selection: new vscode.Range(at, at),
      preserveFocus: false,
    });
  }

  private async openHelp(findingId: string): Promise<void> {
    ensureRunning(this.deps.server);
    const details = await this.deps.server.getFinding(findingId);
    const help = details?.finding.helpUri;
    if (!help || !help.startsWith('https://')) throw new Error('This finding has no help page.');
    await vscode.env.openExternal(vscode.Uri.parse(help, true));
  }

  /** A link of the finding's message: opened only if it is one of that message's own https links. */
  private async openLink(findingId: string, url: string): Promise<void> {
    ensureRunning(this.deps.server);
    const details = await this.deps.server.getFinding(findingId);
    const target = safeLinkTarget(url);
    if (!details || target === undefined || !isMessageLink(details.finding.message, target)) {
      throw new Error("That link was not opened: only the https links of the finding's own message open.");
    }
    await vscode.env.openExternal(vscode.Uri.parse(target, true));
  }

  dispose(): void {
    this.panel?.dispose();
    this.disposables.forEach((d) => d.dispose());
  }
}

/** Which control a failed message came from, so that the panel shows its error there. */
function aboutOf(m: WebviewToHost): { about?: 'review' | 'decision' } {
  if (m.type === 'review') return { about: 'review' };
  return m.type === 'decide' ? { about: 'decision' } : {};
}

function identityKey(me: Awaited<ReturnType<typeof whoAmI>>): string {
  return me ? `${me.user.id}/${me.role}` : '';
}
