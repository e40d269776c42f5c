/**
 * Custom LSP messages between the client (or any LSP editor) and the Findings Lens server.
 * Every method is prefixed `findingsLens/`; each doc comment says the direction.
 */
import { NotificationType, NotificationType0, RequestType, RequestType0, type Diagnostic } from 'vscode-languageserver-protocol';
import type { Finding, Me, Severity, TriageDecision, TriageList } from './feed';
import type {
  AnchorState,
  FindingListItem,
  GetFindingParams,
  ListTriageParams,
  OutboxEntryView,
  SetTokenParams,
  SubmitReviewParams,
  SubmitTriageParams,
} from './protocolSchemas';
import type { ServerSettings } from './settings';

// The parameters and rows are zod schemas (protocolSchemas.ts); their types, re-exported here, are
// the schemas' z.infer. Only types cross: the language client's bundle carries no zod.
export type {
  AnchorState,
  FindingListItem,
  GetFindingParams,
  ListTriageParams,
  OutboxEntryView,
  OutboxState,
  SetTokenParams,
  SubmitReviewParams,
  SubmitTriageParams,
} from './protocolSchemas';

/**
 * Server → client: many files' diagnostics in one message, as `textDocument/publishDiagnostics`
 * would carry them one file each. Sent only to a client that says it takes them
 * (`capabilities.experimental.findingsLens.diagnosticBatches: true` in `initialize`); others get
 * publishDiagnostics. A request, answered once the editor shows them: the server sends the next
 * batch only then (at most two unanswered), so a sync of 20,000 files never queues in the editor
 * faster than it can take them.
 */
export const diagnosticsBatch = new RequestType<DiagnosticsBatchParams, null, void>('findingsLens/diagnostics');

export interface DiagnosticsBatchParams {
  /** Each file once, in the order to show them; an empty list clears the file. */
  files: Array<{ uri: string; diagnostics: Diagnostic[] }>;
}

/** What a client that takes {@link diagnosticsBatch} puts in `capabilities.experimental`. */
export interface ExperimentalCapabilities {
  findingsLens?: { diagnosticBatches?: boolean };
}

/** Client → server: the feed token, or null to forget it. Never logged. */
export const setToken = new NotificationType<SetTokenParams>('findingsLens/setToken');

/** The sync state the status bar shows. */
export type SyncState =
  | { kind: 'notConfigured'; message: string }
  | { kind: 'noToken' }
  | { kind: 'syncing'; since?: string }
  | { kind: 'upToDate'; at: string }
  | { kind: 'offline'; since: string; retryAt?: string; message: string }
  | { kind: 'unauthorized'; message: string }
  | { kind: 'error'; message: string };

/** Counts of the findings shown, by severity, plus what was set aside. */
export interface FindingCounts {
  bySeverity: Record<Severity, number>;
  /** Findings shown (open, disputed-pending, or needing re-review); resolved ones are counted in `resolved`. */
  total: number;
  /** Acknowledged findings and approved disputes, except those that need re-review. */
  resolved: number;
  /** Findings whose code changed since the decision on them (they are in `total` too). */
  reReview: number;
  /**
   * Findings that still need someone, the Findings view's badge: open ones, those that need a
   * re-review, and those whose newest decision the feed has not taken yet (pending, in conflict or
   * refused), each counted once. Refused paths included: they are listed, and can be decided.
   * A disputed finding waiting for a lead's review is not counted (its decision is made).
   */
  needsDecision: number;
  /** Findings set aside because they failed validation. */
  invalid: number;
  /** Findings set aside because their path was absolute, used backslashes, or climbed out of the folder. */
  rejectedPaths: number;
}

/**
 * What the last sync had to cut, drop or wait for because the feed went past a bound the server
 * holds it to (the README's Limits), or sent the same finding twice. Each says what was kept.
 */
export type SyncNoticeKind =
  /** More pages than `findingsLens.feed.maxPagesPerSync`: the sync stopped. */
  | 'pagesPerSync'
  /** More findings than `findingsLens.feed.maxFindingsPerSync`: the sync stopped. */
  | 'findingsPerSync'
  /** An answer bigger than `findingsLens.feed.maxResponseMegabytes`: reading stopped, and the sync. */
  | 'responseBytes'
  /** The same next-page cursor twice (a loop): the sync stopped. */
  | 'repeatedCursor'
  /** A Retry-After longer than the server honours: the wait was cut to that. */
  | 'retryAfter'
  /** The same finding id more than once in one sync: counted and shown once (the last copy). */
  | 'duplicateIds';
export interface SyncNotice {
  kind: SyncNoticeKind;
  /** One sentence for people: what happened, what was kept, what to do. */
  message: string;
  /** The setting that raises the bound, when there is one (`findingsLens.feed.maxPagesPerSync`...). */
  setting?: string;
}

/** Server → client: the sync state and the counts changed. */
export interface StatusParams {
  state: SyncState;
  counts: FindingCounts;
  /** What the last sync had to cut, drop or wait for; absent or empty when nothing. */
  notices?: SyncNotice[];
  /**
   * How changes reach this editor: `pushed` while the feed's event stream is live (the poll then
   * relaxes), `polled` otherwise. Absent from servers that have no event stream.
   */
  updates?: UpdatesMode;
}

/** Pushed (the event stream is live) or polled, and one sentence saying why, for the status bar's tooltip. */
export interface UpdatesMode {
  mode: 'pushed' | 'polled';
  message: string;
}

/** Server → client: decisions or reviews changed on the feed (anyone's): a lead's Review tab asks for its list again. */
export const decisionsChanged = new NotificationType0('findingsLens/decisionsChanged');
export const status = new NotificationType<StatusParams>('findingsLens/status');

/** One finding a sync brought: new (unknown before), changed (a new revision) or withdrawn. */
export interface SyncChange {
  id: string;
  title: string;
  severity: Severity;
  kind: 'new' | 'changed' | 'withdrawn';
}

/** The most findings a sync result names; the counts cover them all. */
export const MAX_SYNC_CHANGES = 50;

/**
 * What a sync changed, by kind, naming at most MAX_SYNC_CHANGES findings: new ones first, then
 * changed, then withdrawn, most severe first within each.
 */
export interface SyncChanges {
  new: number;
  changed: number;
  withdrawn: number;
  findings: SyncChange[];
}

/** What one sync did. */
export interface SyncResult {
  ok: boolean;
  /** Findings added, changed and withdrawn by this sync. */
  changed: number;
  /** Files whose diagnostics were re-published. */
  filesPublished: number;
  notModified: boolean;
  message?: string;
  /**
   * Which findings changed. Absent when nothing did, and on a feed's first sync (nothing was known
   * before, so every finding would be "new").
   */
  changes?: SyncChanges;
}
/** Client → server: sync now; resolves when the sync ends. */
export const syncNow = new RequestType0<SyncResult, void>('findingsLens/syncNow');

/**
 * Why a sync ran: at start, on the poll timer, after a change (token, feed, a decision stored), asked
 * for (Sync Now), or announced by the feed's event stream (`push`).
 */
export type SyncTriggerKind = 'start' | 'poll' | 'change' | 'manual' | 'push';

/** Server → client: a sync ended (any sync, background ones included), with what it changed. */
export interface SyncEndedParams {
  trigger: SyncTriggerKind;
  result: SyncResult;
}
export const syncEnded = new NotificationType<SyncEndedParams>('findingsLens/syncEnded');

/** Client → server: one finding whole, for the details panel; null if unknown. */
export interface FindingDetails {
  finding: Finding;
  /** The file URI the finding resolved to, or null if its path was rejected. */
  uri: string | null;
  /**
   * Every decision known on this finding, newest first, when the server has them; the panel
   * falls back to `finding.triage` alone when absent. (Added for the triage panel's history.)
   */
  history?: TriageDecision[];
  /**
   * Where the finding is drawn now, when its file is open (the anchor engine's answer); absent for a
   * closed file, which is drawn at the feed's lines. `reason` is one short sentence for people.
   */
  anchor?: { state: AnchorState; confidence: number; reason: string };
}
export const getFinding = new RequestType<GetFindingParams, FindingDetails | null, void>('findingsLens/getFinding');

/** Server → client: the settings it received were invalid; each problem names the setting. */
export interface SettingsProblemParams {
  problems: string[];
}
export const settingsProblem = new NotificationType<SettingsProblemParams>('findingsLens/settingsProblem');

/** The `workspace/didChangeConfiguration` payload the server understands. */
export interface DidChangeConfigurationSettings {
  findingsLens: ServerSettings;
}

/** Client → server: queue a decision on one finding. Resolves once it is durably queued (state 'queued'). */
export interface TriageReceipt {
  /** The outbox entry id; also the Idempotency-Key sent to the feed. */
  id: string;
  state: 'queued';
}
export const submitTriage = new RequestType<SubmitTriageParams, TriageReceipt, void>('findingsLens/submitTriage');

/** Client → server (leads): queue a review of a decision. Resolves once it is durably queued. */
export const submitReview = new RequestType<SubmitReviewParams, TriageReceipt, void>('findingsLens/submitReview');

/** Server → client: the outbox changed (an entry was queued, synced, conflicted or refused). */
export interface OutboxChangedParams {
  entries: OutboxEntryView[];
}
export const outboxChanged = new NotificationType<OutboxChangedParams>('findingsLens/outboxChanged');

/** Client → server: who the token belongs to (`GET /v1/me`), or null when unknown. */
export const getMe = new RequestType0<Me | null, void>('findingsLens/getMe');

/** Client → server (leads): the project's decisions for the Review tab. */
export const listTriage = new RequestType<ListTriageParams, TriageList, void>('findingsLens/listTriage');

/** Client → server: every finding known (resolved and lost ones included), for the tree and the panel. */
export const listFindings = new RequestType0<FindingListItem[], void>('findingsLens/listFindings');

/** Server → client: the set of findings changed (sync, anchoring, outbox); the list is stale, and the client asks listFindings again while it shows it. */
export const findingsChanged = new NotificationType<{ count: number }>('findingsLens/findingsChanged');
