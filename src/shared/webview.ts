/**
 * The triage panel's message contract, both directions. Every message is a member of one zod
 * discriminated union on `type` and is parsed on arrival; a message that fails is dropped and
 * logged. Top-level objects are strict: an unknown field (a `command`, say) makes the message
 * invalid, so the webview can never smuggle a command id or a URI to the host.
 */
import { z } from 'zod';
import {
  ACKNOWLEDGE_REASONS,
  DISPUTE_REASONS,
  Finding,
  Me,
  ReviewDecision,
  TRIAGE_LIST_STATES,
  TriageAction,
  TriageDecision,
  TriageList,
} from './feed';
import { describeIssues, FindingListItem, OutboxEntryView } from './protocolSchemas';

// The list's rows and the outbox's entries are the custom LSP messages' own schemas: the host
// passes on what the server sent, and the panel parses it with the same schema.
export { FindingListItem, OutboxEntryView };

/** The panel's two tabs; `review` is shown to leads only. */
export const PanelTab = z.enum(['findings', 'review']);
export type PanelTab = z.infer<typeof PanelTab>;

/** A decision on the project's review list: the decision plus a summary of its finding. */
export const ReviewListEntry = TriageList.shape.decisions.element;
export type ReviewListEntry = z.infer<typeof ReviewListEntry>;

export const ReviewListState = z.enum(TRIAGE_LIST_STATES);
export type ReviewListState = z.infer<typeof ReviewListState>;

export const EXPORT_FORMATS = ['csv', 'openvex', 'sarif'] as const;
export const ExportFormat = z.enum(EXPORT_FORMATS);
export type ExportFormat = z.infer<typeof ExportFormat>;

const ids = z.array(z.string().min(1)).min(1).max(10_000);

/** Host → webview. */
export const HostToWebview = z.discriminatedUnion('type', [
  /** Everything the panel needs after `ready` (and after a reload). */
  z.strictObject({
    type: z.literal('init'),
    me: Me.nullable(),
    items: z.array(FindingListItem),
    selectedId: z.string().nullable(),
    tab: PanelTab,
    /** False in a restricted workspace: decisions are disabled, with a message. */
    trusted: z.boolean(),
  }),
  /** The list changed (sync, anchoring, outbox). */
  z.strictObject({ type: z.literal('findings'), items: z.array(FindingListItem) }),
  /** One finding whole, its decision history (newest first) and its outbox entries. */
  z.strictObject({
    type: z.literal('details'),
    finding: Finding,
    /** Whether the finding's file could be resolved: steps and the location open only then. */
    resolved: z.boolean(),
    history: z.array(TriageDecision),
    outbox: z.array(OutboxEntryView),
  }),
  /** The outbox changed. */
  z.strictObject({ type: z.literal('outbox'), entries: z.array(OutboxEntryView) }),
  /** Decisions or reviews changed on the feed (anyone's): a Review tab shown asks for its list again. */
  z.strictObject({ type: z.literal('reviewsChanged') }),
  /** The lead's review list, for the given state filter. */
  z.strictObject({ type: z.literal('reviewList'), state: ReviewListState, decisions: z.array(ReviewListEntry) }),
  /** Select a finding and show it (a code lens, hover or the tree asked). */
  z.strictObject({ type: z.literal('select'), id: z.string().min(1) }),
  /**
   * Open the decision form on these findings (Acknowledge… / Dispute… from a lens or quick fix);
   * `reason` pre-selected when the user already said which (Acknowledge as will fix, after a suggested fix).
   */
  z.strictObject({ type: z.literal('openForm'), ids, action: TriageAction, reason: z.enum(ACKNOWLEDGE_REASONS).optional() }),
  /** Workspace trust changed. */
  z.strictObject({ type: z.literal('trust'), trusted: z.boolean() }),
  /**
   * Something the user should know; shown in the panel, never as HTML. `about` says which control
   * caused it: the error is then shown next to that control (the Review tab's buttons), not at the top.
   */
  z.strictObject({ type: z.literal('error'), message: z.string(), about: z.enum(['review', 'decision']).optional() }),
  /**
   * Decisions or reviews were durably queued: their outbox entries (the receipts' ids). The panel
   * says they wait for the feed while those entries are pending, and that the feed stored them once
   * they are synced (see queuedText), instead of a notice that stayed after the feed had them.
   */
  z.strictObject({ type: z.literal('queued'), kind: z.enum(['decision', 'review']), entryIds: z.array(z.string()).max(10_000) }),
  /** A short confirmation ("2 decisions queued"). */
  z.strictObject({ type: z.literal('notice'), message: z.string() }),
]);
export type HostToWebview = z.infer<typeof HostToWebview>;

/** The reason must belong to the action; a dispute needs a comment (the feed says the same). */
function checkDecision(v: { action: TriageAction; reason: string; comment: string }, ctx: z.RefinementCtx): void {
  const allowed: readonly string[] = v.action === 'acknowledge' ? ACKNOWLEDGE_REASONS : DISPUTE_REASONS;
  if (!allowed.includes(v.reason)) ctx.addIssue({ code: 'custom', path: ['reason'], message: `not a reason for ${v.action}` });
  if (v.action === 'dispute' && v.comment.trim() === '')
    ctx.addIssue({ code: 'custom', path: ['comment'], message: 'a dispute needs a comment' });
}

/** Webview → host. Nothing here names a command, a URI or a path: the host resolves ids itself. */
export const WebviewToHost = z.discriminatedUnion('type', [
  /** The app is listening: the host may post `init`. */
  z.strictObject({ type: z.literal('ready') }),
  /** Show this finding's details. */
  z.strictObject({ type: z.literal('select'), id: z.string().min(1) }),
  /** Decide these findings together, one outbox entry each. */
  z
    .strictObject({ type: z.literal('decide'), ids, action: TriageAction, reason: z.string(), comment: z.string().max(10_000) })
    .superRefine(checkDecision),
  /** Leads: approve or reject these decisions. */
  z.strictObject({ type: z.literal('review'), decisionIds: ids, decision: ReviewDecision, comment: z.string().max(10_000) }),
  /** Open the finding's line, or the line of one of its data flow steps (0-based index). */
  z.strictObject({ type: z.literal('openLocation'), findingId: z.string().min(1), step: z.number().int().min(0).optional() }),
  /** Open the finding's https help page in the browser (the host reads the URL from its own copy). */
  z.strictObject({ type: z.literal('openHelp'), findingId: z.string().min(1) }),
  /**
   * Open an https link of the finding's message in the browser. The host opens it only when it is
   * one of the message's own https links (src/shared/messageLinks.ts), read from its own copy.
   */
  z.strictObject({ type: z.literal('openLink'), findingId: z.string().min(1), url: z.string().max(4096) }),
  /** Export the decisions in this format. */
  z.strictObject({ type: z.literal('export'), format: ExportFormat }),
  /** Leads: fetch the review list. */
  z.strictObject({ type: z.literal('requestReviewList'), state: ReviewListState }),
  /** The tab shown, kept by the host so the serializer can restore it. */
  z.strictObject({ type: z.literal('tab'), tab: PanelTab }),
]);
export type WebviewToHost = z.infer<typeof WebviewToHost>;

/** Parses one message; `undefined` with the reason when it is not a member of the union. */
export function parseMessage<T>(schema: z.ZodType<T>, raw: unknown): { ok: true; message: T } | { ok: false; error: string } {
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, message: result.data };
  return { ok: false, error: describeIssues(result.error) };
}
