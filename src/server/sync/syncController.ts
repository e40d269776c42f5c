/**
 * The syncs with the feed: when they run (scheduler.ts), whether one may run now (settings, token,
 * a refused token, a 429's wait), what the status says meanwhile, and what each one leaves: the
 * findings it brought (taken by the current session), or a state that says what went wrong and
 * what was kept, and the notices of what it had to cut. Every sync ends with `syncEnded`.
 *
 * A sync belongs to the session it started in: if the feed or project changes meanwhile, it is
 * aborted and its outcome dropped ("superseded").
 */
import type { Finding } from '../../shared/feed';
import type { SyncEndedParams, SyncNotice, SyncResult, SyncState, UpdatesMode } from '../../shared/protocol';
import type { ServerSettings } from '../../shared/settings';
import { RETRY_AFTER_CAP_MS } from '../feed/backoff';
import { isRetryable } from '../feed/errors';
import type { StreamHealth } from '../feed/eventStream';
import { checkFeedUrl } from '../feed/origin';
import type { SyncOutcome } from '../feed/sync';
import { releaseWhenIdle, type MemoryRelease } from '../findings/memoryRelease';
import type { PreparedFinding } from '../findings/store';
import type { FeedSession, Log } from '../session/feedSession';
import type { ChangeSink } from '../views/changeSink';
import { failureInfo, feedClientOf, feedTarget, runFeedSync, type FeedSyncHooks, type FeedTarget } from './feedSync';
import { EarlyShown, type ShownEarly } from './earlyShown';
import { FirstLook } from './firstLook';
import { SyncScheduler, type SyncTrigger } from './scheduler';
import { takeSync } from '../session/takeSync';
import { clockTime, duplicatesNotice, retryAfterNotice, stopNotice } from './syncNotices';
import { changesNothing, failedState, notReady, offlineState, type FailureInfo } from './syncState';
import { pollIntervalMs, updatesMode } from './updatesMode';

export interface SyncEnvironment {
  settings(): ServerSettings;
  token(): string | null;
  /** The session of the feed and project configured now. */
  session(): FeedSession;
  changes: ChangeSink;
  memory: MemoryRelease;
  log: Log;
  syncEnded(params: SyncEndedParams): void;
  /** The feed paths of the files open in the editor now. */
  openPaths(): string[];
}

export class SyncController {
  private state: SyncState = { kind: 'noToken' };
  /** How updates came when the log last said it: it says so again only when that changes. */
  private loggedUpdates: string | undefined;
  private readonly scheduler: SyncScheduler;
  /** The open files' first look of the full sync running now, if any (firstLook.ts). */
  private look: FirstLook<PreparedFinding> | undefined;

  constructor(private readonly env: SyncEnvironment) {
    this.scheduler = new SyncScheduler(
      (signal, trigger) => this.syncAndTell(signal, trigger),
      () => pollIntervalMs(env.settings(), env.session().pushed.health),
    );
  }

  /** What the status bar shows about the syncs. */
  get shown(): { state: SyncState; notices: SyncNotice[]; updates: UpdatesMode } {
    const session = this.env.session();
    return { state: this.state, notices: session.sync.notices, updates: updatesMode(this.env.settings(), session.pushed.health) };
  }

  /**
   * The feed's event stream announced a change (or asked for a resync): sync now, or again once the
   * running sync is over. A `full` resync forgets the position first.
   */
  pushSync(kind: 'incremental' | 'full'): Promise<SyncResult> {
    if (kind === 'full') this.env.session().sync.cursor = undefined;
    return this.scheduler.again('push');
  }

  /** The event stream went live or stopped: the next poll follows (relaxed or not), the status and the log say so. */
  updatesChanged(health: StreamHealth): void {
    const mode = updatesMode(this.env.settings(), health);
    // A stream that reconnects passes through "connecting": said once, not at every blink.
    const said = health.kind === 'connecting' ? mode.mode : mode.message;
    if (said !== this.loggedUpdates) this.env.log('info', mode.message);
    this.loggedUpdates = said;
    this.scheduler.reschedule();
    this.env.changes.add({ status: true });
  }

  /** The server is initialized: say whether a sync can run, and run the first. */
  start(): void {
    const blocked = notReady(this.env.settings(), this.env.token());
    this.setState(blocked ?? { kind: 'syncing', since: new Date().toISOString() });
    if (!blocked) void this.scheduler.syncNow('start');
  }

  /** Sync Now: at once, or the time of the next try while the feed asked us to wait. */
  syncNow(): SyncResult | Promise<SyncResult> {
    return this.env.session().sync.feedWait.answer() ?? this.scheduler.syncNow('manual');
  }

  /** What a sync depends on changed (token, feed, decisions shown): abort the running one and sync again. */
  restart(): void {
    this.scheduler.restart();
  }

  /** Decisions the feed accepted are shown: sync for their new revisions, when a sync can run. */
  decisionsAccepted(): void {
    if (!notReady(this.env.settings(), this.env.token())) this.scheduler.restart();
  }

  /** New settings: the poll counts from now; a bound raised after it stopped a sync syncs again at once. */
  settingsChanged(before: ServerSettings, after: ServerSettings): void {
    if (before.pushUpdates && !after.pushUpdates) this.env.session().pushed.stop();
    // Turned on: the next good sync opens the stream; sync now rather than wait for the poll.
    if (!before.pushUpdates && after.pushUpdates && !notReady(after, this.env.token())) this.scheduler.restart();
    if (before.pollInterval !== after.pollInterval || before.pushUpdates !== after.pushUpdates) this.scheduler.reschedule();
    const stoppedAtLimit = this.env.session().sync.notices.some((n) => n.setting !== undefined);
    if (stoppedAtLimit && limitsChanged(before, after)) this.scheduler.restart();
  }

  /** A file was opened: during a full sync of an empty store, its findings are asked for at once. */
  fileOpened(): void {
    this.look?.ask(this.env.openPaths());
  }

  dispose(): void {
    this.scheduler.dispose();
  }

  /** Every sync, background ones included, ends with `syncEnded`: the client announces new findings from it. */
  private async syncAndTell(signal: AbortSignal, trigger: SyncTrigger): Promise<SyncResult> {
    const session = this.env.session();
    const result = await session.duringSync(this.runSync(signal, trigger, session));
    this.env.syncEnded({ trigger, result });
    return result;
  }

  private async runSync(signal: AbortSignal, trigger: SyncTrigger, session: FeedSession): Promise<SyncResult> {
    const settings = this.env.settings();
    const blocked = notReady(settings, this.env.token());
    if (blocked) return this.refuse(blocked, blocked.kind === 'noToken' ? 'no token set' : 'not configured');
    const url = checkFeedUrl(settings.feedUrl);
    if (!url.ok) return this.refuse({ kind: 'notConfigured', message: url.message }, url.message);
    const token = this.env.token() as string;
    const memory = session.sync;
    const background = trigger === 'poll' || trigger === 'push';
    if (background && token === memory.refusedToken) return failure('the feed refused this token; waiting for a new one');
    const waiting = background ? memory.feedWait.answer() : undefined;
    if (waiting) return waiting;
    await session.cacheReady;
    if (signal.aborted) return failure('superseded');
    if (this.state.kind !== 'offline') this.setState({ kind: 'syncing', since: new Date().toISOString() });
    const target = feedTarget(url.base.toString().replace(/\/$/, ''), token, settings);
    const previous = memory.cursor;
    const superseded = () => signal.aborted || session !== this.env.session();
    const started = Date.now();
    const notices: SyncNotice[] = [];
    const hooks = {
      signal,
      log: this.env.log,
      onRetry: (info: FailureInfo, delayMs: number) => this.retrying(session, info, delayMs, notices),
      onBytes: (bytes: number) => this.env.memory.note(bytes),
    };
    // The cache's first look without the whole cache after it (it was found corrupt) counts as nothing shown.
    const empty = session.store.size === 0 || memory.cacheLookShown;
    const cold = previous === undefined && empty;
    const look = cold ? this.firstLook(target, session, hooks) : undefined;
    const early = cold ? this.earlyShown(session, superseded) : undefined;
    try {
      // Each finding is split into the store's core and its texts as its page is validated.
      const keep = (finding: Finding) => session.store.prepare(finding);
      const pages = early ? { order: 'path' as const, onKept: early.onKept } : {};
      let shownEarly: ShownEarly | undefined;
      let fetchedMs = 0;
      // The open files' findings first: the listing's first page is asked for once they are in hand (firstLook.ts).
      await look?.answered();
      const outcome = await runFeedSync(target, previous, hooks, keep, pages).finally(async () => {
        // The sync's time is the feed's pages, not the editor's pace at taking the files shown early.
        fetchedMs = Date.now() - started;
        this.endLook(look);
        shownEarly = await early?.end();
      });
      if (superseded()) return failure('superseded');
      memory.feedWait.clear();
      const result = await this.applyOutcome(session, outcome, fetchedMs, notices, shownEarly);
      // The first good sync of a session (or of a token) opens its event stream.
      if (!superseded()) session.pushed.syncSucceeded();
      return result;
    } catch (e) {
      if (superseded()) return failure('superseded');
      const info = failureInfo(e);
      releaseWhenIdle(this.env.memory, session.cache.idle(), 'the failed sync', this.env.log);
      if (info.kind === 'badRequest' && previous !== undefined) {
        this.env.log('warn', 'the feed refused the incremental sync position; syncing everything again');
        memory.cursor = undefined;
        return this.runSync(signal, trigger, session);
      }
      this.failed(session, e, info, token, notices);
      return failure('message' in this.state ? this.state.message : this.state.kind);
    }
  }

  /** Starts the open files' first look of a full sync of an empty store: they are shown before the whole list has arrived. */
  private firstLook(target: FeedTarget, session: FeedSession, hooks: FeedSyncHooks): FirstLook<PreparedFinding> {
    const look = new FirstLook<PreparedFinding>({
      client: feedClientOf(target, hooks),
      project: target.project,
      signal: hooks.signal,
      keep: (finding) => session.store.prepare(finding),
      show: async (found) => {
        if (session !== this.env.session()) return;
        session.sync.shownBeforeSync = true;
        await session.storeChanged(session.store.applyChanges(found));
      },
      log: this.env.log,
    });
    this.look = look;
    look.ask(this.env.openPaths());
    return look;
  }

  /**
   * The files a cold full sync completes before its end, shown as it goes (earlyShown.ts). Like the
   * first look's, what they show is not news, and stays shown if the sync fails.
   */
  private earlyShown(session: FeedSession, superseded: () => boolean): EarlyShown {
    return new EarlyShown({
      show: async (found) => {
        if (superseded()) return { changed: 0, filesPublished: 0 };
        session.sync.shownBeforeSync = true;
        // Whole files: what the first look showed there and the list no longer has goes now, not at the sync's end.
        const result = session.store.replaceFiles(found);
        return { changed: result.changed, filesPublished: await session.placedEarly(result) };
      },
      log: this.env.log,
    });
  }

  private endLook(look: FirstLook<PreparedFinding> | undefined): void {
    look?.end();
    if (this.look === look) this.look = undefined;
  }

  /** A sync failed for good (for now): log it, remember what it means for the next ones, say it in the status. */
  private failed(session: FeedSession, e: unknown, info: FailureInfo, token: string, notices: SyncNotice[]): void {
    const memory = session.sync;
    if (info.kind === 'unknown') this.env.log('error', `sync failed unexpectedly: ${(e as Error)?.stack ?? info.message}`);
    else this.env.log('warn', `sync failed (${info.kind}${info.status ? ` ${info.status}` : ''}): ${info.message}`);
    if (info.kind === 'unauthorized') memory.refusedToken = token;
    if (info.kind === 'rateLimited' && info.retryAfterMs !== undefined)
      memory.feedWait.waitUntil(new Date(Date.now() + Math.min(info.retryAfterMs, RETRY_AFTER_CAP_MS)));
    const stop = stopNotice(info);
    memory.notices = stop ? [...notices, stop] : notices;
    if (stop) this.env.log('warn', stop.message);
    if (isRetryable(e)) {
      memory.offlineSince ??= new Date();
      const nextPoll = new Date(Date.now() + this.env.settings().pollInterval * 1000);
      this.setState(offlineState(info, memory.offlineSince, nextPoll));
    } else this.setState(failedState(info));
  }

  /** A retryable failure; the next attempt is in `delayMs` (a 429's Retry-After, capped, or the backoff). */
  private retrying(session: FeedSession, info: FailureInfo, delayMs: number, notices: SyncNotice[]): void {
    const memory = session.sync;
    const retryAt = new Date(Date.now() + delayMs);
    memory.offlineSince ??= new Date();
    if (info.kind === 'rateLimited') memory.feedWait.waitUntil(retryAt);
    if (info.retryAfterMs !== undefined && info.retryAfterMs > delayMs) {
      const notice = retryAfterNotice(info.retryAfterMs, delayMs, clockTime(retryAt));
      notices.push(notice);
      memory.notices = [...notices];
      this.env.log('warn', notice.message);
    }
    this.env.log('warn', `sync attempt failed (${info.kind}); retrying in ${Math.round(delayMs / 1000)} s`);
    this.setState(offlineState(info, memory.offlineSince, retryAt));
  }

  /** A sync went through: the session takes what it brought, the editor is told, the cache is written. */
  private async applyOutcome(
    session: FeedSession,
    outcome: SyncOutcome<PreparedFinding>,
    ms: number,
    notices: SyncNotice[],
    early: ShownEarly = { changed: 0, filesPublished: 0 },
  ): Promise<SyncResult> {
    const memory = session.sync;
    memory.offlineSince = undefined;
    if (changesNothing(outcome)) {
      // Nothing new: what the last sync said still holds, unless this one had something to say.
      if (notices.length > 0) memory.notices = notices;
      // An empty incremental page (see changesNothing): keep its cursor, touch nothing else.
      if (outcome.kind !== 'notModified') memory.cursor = outcome.cursor;
      this.env.log('info', `sync: ${outcome.kind === 'notModified' ? 'not modified' : 'no change since the last sync'} (${ms} ms)`);
      this.setState({ kind: 'upToDate', at: new Date().toISOString() });
      session.syncedUnchanged();
      return { ok: true, changed: 0, filesPublished: 0, notModified: outcome.kind === 'notModified' };
    }
    const { result, changes } = takeSync(session, outcome, this.env.log);
    // The findings shown as the sync went are in the store already: the sync changed them too.
    result.changed += early.changed;
    const kept = outcome.findings.length - result.duplicates;
    const dropped = result.duplicates > 0 ? ` (${result.duplicates} duplicate id(s) dropped)` : '';
    this.env.log(
      'info',
      `sync: ${outcome.kind}, ${outcome.pages} page(s), ${kept} finding(s)${dropped}, ${outcome.invalid.length} invalid, ${ms} ms`,
    );
    memory.notices = result.duplicates > 0 ? [...notices, duplicatesNotice(result.duplicates)] : notices;
    const filesPublished = early.filesPublished + (await session.storeChanged(result));
    this.setState({ kind: 'upToDate', at: new Date().toISOString() });
    session.cache.save(outcome.kind === 'full' ? 'all' : new Set(outcome.findings.map((f) => f.finding.id)));
    session.compactTexts();
    releaseWhenIdle(this.env.memory, session.cache.idle(), 'the sync', this.env.log);
    return { ok: true, changed: result.changed, filesPublished, notModified: false, ...(changes ? { changes } : {}) };
  }

  private refuse(state: SyncState, message: string): SyncResult {
    this.setState(state);
    return failure(message);
  }

  private setState(state: SyncState): void {
    this.state = state;
    this.env.changes.add({ status: true });
  }
}

/** Whether one of the bounds of a sync changed. */
function limitsChanged(before: ServerSettings, after: ServerSettings): boolean {
  return (
    before.maxPagesPerSync !== after.maxPagesPerSync ||
    before.maxFindingsPerSync !== after.maxFindingsPerSync ||
    before.maxResponseMegabytes !== after.maxResponseMegabytes
  );
}

function failure(message: string): SyncResult {
  return { ok: false, changed: 0, filesPublished: 0, notModified: false, message };
}
