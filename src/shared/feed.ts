/**
 * The partner feed contract, version 1, as zod schemas. The extension and the reference feed both
 * use these; docs/feed-protocol.md is the prose version. Types are derived with z.infer, never
 * written twice. Objects are zod's default (strip): unknown fields are ignored so the feed can grow.
 *
 * Schemas are built once at module load; nothing here allocates per finding beyond what parsing needs.
 */
import { z } from 'zod';
import {
  ACKNOWLEDGE_REASONS,
  DISPUTE_REASONS,
  FINDING_STATUSES,
  REVIEW_DECISIONS,
  SEVERITIES,
  TRIAGE_ACTIONS,
  TRIAGE_LIST_STATES,
} from './codes';

// The code lists live in codes.ts (zod-free, for the extension's activation path); re-exported here.
export { ACKNOWLEDGE_REASONS, DISPUTE_REASONS, FINDING_STATUSES, REVIEW_DECISIONS, SEVERITIES, TRIAGE_ACTIONS, TRIAGE_LIST_STATES };

/** Severity, most severe first. */
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

/** Where a finding stands. `withdrawn` is a tombstone: the feed no longer reports it. */
export const FindingStatus = z.enum(FINDING_STATUSES);
export type FindingStatus = z.infer<typeof FindingStatus>;

/** Reason codes for an acknowledgement. */
export const AcknowledgeReason = z.enum(ACKNOWLEDGE_REASONS);
export type AcknowledgeReason = z.infer<typeof AcknowledgeReason>;

/** Justifications for a dispute (they follow OpenVEX's not_affected justifications where they can). */
export const DisputeReason = z.enum(DISPUTE_REASONS);
export type DisputeReason = z.infer<typeof DisputeReason>;

export const TriageAction = z.enum(TRIAGE_ACTIONS);
export type TriageAction = z.infer<typeof TriageAction>;

export const ReviewDecision = z.enum(REVIEW_DECISIONS);
export type ReviewDecision = z.infer<typeof ReviewDecision>;

/**
 * The largest 1-based line or column: LSP positions are uintegers (at most 2^31 − 1, 0-based), so
 * anything beyond cannot be shown anywhere and is an impossible number, not a place.
 */
export const MAX_LINE_OR_COLUMN = 2 ** 31;

const line = z.number().int().min(1).max(MAX_LINE_OR_COLUMN, `must be at most ${MAX_LINE_OR_COLUMN} (2^31)`);

/**
 * A place in the repository. `path` is relative to the repository root with forward slashes;
 * lines and columns are 1-based, columns counted in UTF-16 code units (docs/feed-protocol.md,
 * "Location"); `lineHash` follows docs/feed-protocol.md ("Line hash"). A range that ends before it
 * starts is impossible: the finding is set aside with the reason.
 */
export const Location = z
  .object({
    path: z.string().min(1),
    startLine: line,
    startColumn: line.optional(),
    endLine: line.optional(),
    endColumn: line.optional(),
    snippet: z.string().optional(),
    lineHash: z.string().optional(),
  })
  .superRefine((l, ctx) => {
    if (l.endLine !== undefined && l.endLine < l.startLine) {
      ctx.addIssue({
        code: 'custom',
        path: ['endLine'],
        message: `ends before it starts (endLine ${l.endLine} < startLine ${l.startLine})`,
      });
    } else if ((l.endLine ?? l.startLine) === l.startLine && l.endColumn !== undefined && l.endColumn < (l.startColumn ?? 1)) {
      ctx.addIssue({
        code: 'custom',
        path: ['endColumn'],
        message: `ends before it starts on one line (endColumn ${l.endColumn} < startColumn ${l.startColumn ?? 1})`,
      });
    }
  });
export type Location = z.infer<typeof Location>;

/** Another place that matters to a finding (the source of tainted data, say). */
export const RelatedLocation = z.object({
  location: Location,
  message: z.string().optional(),
});
export type RelatedLocation = z.infer<typeof RelatedLocation>;

/** One step of a data flow, source first. */
export const FlowStep = z.object({
  location: Location,
  message: z.string().optional(),
});
export type FlowStep = z.infer<typeof FlowStep>;

/** Who did something. */
export const Actor = z.object({ id: z.string().min(1), name: z.string() });
export type Actor = z.infer<typeof Actor>;

/** A lead's review of a triage decision. */
export const Review = z.object({
  id: z.string().optional(),
  decision: ReviewDecision,
  comment: z.string(),
  actor: Actor,
  at: z.string(),
});
export type Review = z.infer<typeof Review>;

/** A developer's decision on a finding; `review` is null until a lead reviews it. */
export const TriageDecision = z.object({
  id: z.string().min(1),
  findingId: z.string().min(1),
  action: TriageAction,
  reason: z.string(),
  comment: z.string(),
  actor: Actor,
  at: z.string(),
  review: Review.nullable(),
  /** The hash of the flagged code when the decision was made (see docs/feed-protocol.md). */
  codeHash: z.string().optional(),
});
export type TriageDecision = z.infer<typeof TriageDecision>;

/**
 * A finding's revision: opaque, only compared and echoed back in If-Match. A string, or an integer
 * (some feeds count revisions), kept as its decimal text: `3` is echoed as `3`, `"3"` as `3`.
 */
export const Revision = z.union(
  [
    z.string().min(1),
    z
      .number()
      .int()
      .transform((revision) => String(revision)),
  ],
  {
    error: 'a revision is a non-empty string or an integer',
  },
);

/** Bounds of a finding's suggested fixes: a feed that sends more has the finding set aside. */
export const FIX_LIMITS = {
  fixesPerFinding: 5,
  filesPerFix: 20,
  replacementsPerFile: 100,
  insertedTextChars: 65_536,
  descriptionChars: 1_000,
} as const;

/**
 * The text a replacement deletes: lines and columns as in Location (1-based, columns in UTF-16 code
 * units, `endColumn` exclusive). An absent `startColumn` is the start of `startLine`, an absent
 * `endLine` is `startLine`, an absent `endColumn` the end of `endLine` without its line ending.
 * An empty region (same line, `startColumn` = `endColumn`) is an insertion point.
 */
export const FixRegion = z.object({
  startLine: line,
  startColumn: line.optional(),
  endLine: line.optional(),
  endColumn: line.optional(),
});
export type FixRegion = z.infer<typeof FixRegion>;

/** One edit of a suggested fix: delete `deletedRegion`, insert `insertedText` in its place. */
export const Replacement = z.object({
  deletedRegion: FixRegion,
  insertedText: z.string().max(FIX_LIMITS.insertedTextChars),
});
export type Replacement = z.infer<typeof Replacement>;

/** The edits of a fix in one file (`path` as in Location). Replacements do not overlap. */
export const FileChange = z.object({
  path: z.string().min(1),
  replacements: z.array(Replacement).min(1).max(FIX_LIMITS.replacementsPerFile),
});
export type FileChange = z.infer<typeof FileChange>;

/** A change the analyser suggests to fix a finding (SARIF's `fixes`), to be previewed before applying. */
export const SuggestedFix = z.object({
  /** Plain text, untrusted. */
  description: z.string().max(FIX_LIMITS.descriptionChars),
  files: z.array(FileChange).min(1).max(FIX_LIMITS.filesPerFix),
});
export type SuggestedFix = z.infer<typeof SuggestedFix>;

const httpsUrl = z.string().refine((s) => s.startsWith('https://'), 'helpUri must be an https URL');

/** A finding id: opaque, at most 512 characters (it travels with every diagnostic and lens). */
export const FindingId = z.string().min(1).max(512);

/** One finding, as the feed sends it. */
export const Finding = z.object({
  id: FindingId,
  revision: Revision,
  ruleId: z.string().min(1),
  title: z.string(),
  /** Markdown written by the model: untrusted. Never rendered with commands or HTML enabled. */
  message: z.string(),
  severity: Severity,
  confidence: z.number().min(0).max(1).optional(),
  cwe: z.array(z.string()).optional(),
  helpUri: httpsUrl.optional(),
  commit: z.string().optional(),
  location: Location,
  relatedLocations: z.array(RelatedLocation).optional(),
  flow: z.array(FlowStep).optional(),
  /** Suggested fixes, when the analyser made some. Optional: older clients strip it as an unknown field. */
  fixes: z.array(SuggestedFix).max(FIX_LIMITS.fixesPerFinding).optional(),
  status: FindingStatus,
  createdAt: z.string(),
  updatedAt: z.string(),
  triage: TriageDecision.nullable().optional(),
});
export type Finding = z.infer<typeof Finding>;

/**
 * A withdrawal needs only its id and status to be honoured: a tombstone whose other fields are
 * missing or broken still removes the finding (it must not stay shown because of them).
 */
export const Tombstone = z.object({ id: FindingId, status: z.literal('withdrawn'), revision: Revision.optional() });
export type Tombstone = z.infer<typeof Tombstone>;

/**
 * One page of `GET /v1/projects/{project}/findings`. Findings are kept unparsed here so that each
 * is validated on its own: one bad finding is set aside, the rest are shown.
 */
export const FindingsPage = z.object({
  findings: z.array(z.unknown()),
  nextCursor: z.string().nullable(),
  syncToken: z.string(),
  /**
   * `"path"` on every page of a full listing asked for with `order=path` that the feed serves in
   * that order (by `location.path` as UTF-8 bytes, then change order; see src/shared/pathOrder.ts).
   * Absent: change order. Any other value is read as absent.
   */
  order: z.literal('path').optional().catch(undefined),
});
export type FindingsPage = z.infer<typeof FindingsPage>;

/** `GET /v1/me`. */
export const Me = z.object({
  user: Actor,
  role: z.enum(['developer', 'lead']),
  projects: z.array(z.string()),
});
export type Me = z.infer<typeof Me>;

/** Every error response: `{ "error": { "code", "message" } }`. A 412 adds the current finding. */
export const FeedError = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
  finding: z.unknown().optional(),
});
export type FeedError = z.infer<typeof FeedError>;

/** Body of `POST /v1/findings/{id}/triage`. The reason must belong to the action. */
export const TriageRequest = z
  .object({
    action: TriageAction,
    reason: z.string(),
    comment: z.string().default(''),
    codeHash: z.string().optional(),
  })
  .superRefine((v, ctx) => {
    const allowed: readonly string[] = v.action === 'acknowledge' ? ACKNOWLEDGE_REASONS : DISPUTE_REASONS;
    if (!allowed.includes(v.reason)) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: `reason for ${v.action} must be one of ${allowed.join(', ')}` });
    }
    if (v.action === 'dispute' && v.comment.trim() === '') {
      ctx.addIssue({ code: 'custom', path: ['comment'], message: 'a dispute needs a comment' });
    }
  });
export type TriageRequest = z.infer<typeof TriageRequest>;

/** 201 answer to a triage POST: the decision and the finding's new revision. */
export const TriageResponse = z.object({
  decision: TriageDecision,
  revision: Revision,
});
export type TriageResponse = z.infer<typeof TriageResponse>;

/** Body of `POST /v1/triage/{id}/review` (leads only). */
export const ReviewRequest = z.object({
  decision: ReviewDecision,
  comment: z.string().default(''),
});
export type ReviewRequest = z.infer<typeof ReviewRequest>;

/** 201 answer to a review POST: the decision with its review filled in. */
export const ReviewResponse = z.object({ decision: TriageDecision });
export type ReviewResponse = z.infer<typeof ReviewResponse>;

/** What a lead's review list carries about the finding a decision was about. */
export const FindingSummary = z.object({
  id: z.string(),
  title: z.string(),
  ruleId: z.string(),
  severity: Severity,
  status: FindingStatus,
  location: Location,
});
export type FindingSummary = z.infer<typeof FindingSummary>;

/** `GET /v1/projects/{project}/triage?state=pending|reviewed|all` (leads only). */
export const TriageList = z.object({
  decisions: z.array(TriageDecision.extend({ finding: FindingSummary })),
});
export type TriageList = z.infer<typeof TriageList>;
