/**
 * What the custom LSP messages carry (protocol.ts names the messages), as zod schemas: the
 * parameters a client sends, which the server parses before it acts (it is offered to editors we
 * have never seen), and the rows and outbox entries the server sends, which the panel parses
 * (webview.ts). protocol.ts takes its types from here with `import type` only, so the language
 * client's bundle, loaded right after activation, carries no zod.
 */
import { z } from 'zod';
import { FindingId, FindingStatus, ReviewDecision, Severity, TRIAGE_LIST_STATES, TriageAction } from './feed';
import { MAX_TOKEN_LENGTH } from './codes';

/** The longest comment a decision or a review may carry (the panel's form holds the same). */
export const MAX_COMMENT_CHARS = 10_000;

/** A decision id: opaque, as long as a finding id at most. */
const DecisionId = z.string().min(1).max(512);

/** Client → server: the feed token, or null to forget it. Never logged. */
export const SetTokenParams = z.object({ token: z.string().max(MAX_TOKEN_LENGTH).nullable() });
export type SetTokenParams = z.infer<typeof SetTokenParams>;

/** Client → server: one finding whole, for the details panel. */
export const GetFindingParams = z.object({ id: FindingId });
export type GetFindingParams = z.infer<typeof GetFindingParams>;

/**
 * Client → server: a decision on one finding. The reason is checked against the action when it is
 * queued (the outbox says which reasons fit); here only its shape.
 */
export const SubmitTriageParams = z.object({
  findingId: FindingId,
  action: TriageAction,
  reason: z.string().max(100),
  comment: z.string().max(MAX_COMMENT_CHARS),
});
export type SubmitTriageParams = z.infer<typeof SubmitTriageParams>;

/** Client → server (leads): a review of one decision. */
export const SubmitReviewParams = z.object({
  decisionId: DecisionId,
  decision: ReviewDecision,
  comment: z.string().max(MAX_COMMENT_CHARS),
});
export type SubmitReviewParams = z.infer<typeof SubmitReviewParams>;

/** Client → server (leads): which of the project's decisions to list. */
export const ListTriageParams = z.object({ state: z.enum(TRIAGE_LIST_STATES) });

/**
 * Editor → server, standard LSP: files of the workspace created, changed or deleted on disk
 * (`workspace/didChangeWatchedFiles`, from the watcher the server registers). Only the URIs are read.
 */
export const WatchedFilesParams = z.object({
  changes: z.array(z.object({ uri: z.string().max(8192), type: z.number().int() })).max(1_000_000),
});
export type ListTriageParams = z.infer<typeof ListTriageParams>;

/** Where a finding is drawn now (see the anchoring docs); 'lost' findings are listed but not drawn. */
export const AnchorState = z.enum(['exact', 'moved', 'uncertain', 'lost']);
export type AnchorState = z.infer<typeof AnchorState>;

/** A decision's journey to the feed, as the user sees it. */
export const OutboxState = z.enum(['pending', 'synced', 'conflict', 'refused']);
export type OutboxState = z.infer<typeof OutboxState>;

/** One row of the Findings tree and the panel's list: enough to filter and sort 10,000 rows cheaply. */
export const FindingListItem = z.object({
  id: z.string().min(1),
  title: z.string(),
  ruleId: z.string(),
  severity: Severity,
  status: FindingStatus,
  /** The feed's path, relative to the repository root. */
  path: z.string(),
  /** The resolved file URI, or null when the path was rejected. */
  uri: z.string().nullable(),
  /** 0-based line where the finding is drawn now (or the feed's line when lost). */
  line: z.number().int().min(0),
  anchor: AnchorState,
  /** The latest decision's action/reason/actor and review decision, if any. */
  triage: z
    .object({ action: TriageAction, reason: z.string(), actor: z.string(), at: z.string(), review: ReviewDecision.nullable() })
    .optional(),
  /** The code the decision was pinned to has changed since: a lead should look again. */
  needsReReview: z.boolean(),
  /** The newest outbox entry for this finding, if any. */
  outbox: z.object({ id: z.string(), state: OutboxState, message: z.string().optional() }).optional(),
});
export type FindingListItem = z.infer<typeof FindingListItem>;

/** One queued or finished outbox entry, for the panel and the tree. */
export const OutboxEntryView = z.object({
  /** The entry id; also the Idempotency-Key sent to the feed. */
  id: z.string(),
  kind: z.enum(['triage', 'review']),
  /** The finding (triage) or the decision (review) it is about. */
  targetId: z.string(),
  findingId: z.string().optional(),
  state: OutboxState,
  /** The feed's own message for conflict/refused, or the last network problem while pending. */
  message: z.string().optional(),
  /** While pending after a failed send: when it is tried again (ISO). The client says it in local or relative time. */
  retryAt: z.string().optional(),
  /** A decision (kind `triage`): what was decided, so that its history can show it while it waits for the feed. */
  action: TriageAction.optional(),
  reason: z.string().optional(),
  /** A review (kind `review`): approve or reject. */
  review: ReviewDecision.optional(),
  attempts: z.number().int().min(0),
  queuedAt: z.string(),
});
export type OutboxEntryView = z.infer<typeof OutboxEntryView>;

/** What is wrong with a value, field by field (`findingId: Invalid input: expected string, received number`). */
export function describeIssues(error: z.ZodError, whole = '(message)'): string {
  return error.issues.map((i) => `${i.path.join('.') || whole}: ${i.message}`).join('; ');
}
