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

const line = z.number().int().min(1);

/**
 * A place in the repository. `path` is relative to the repository root with forward slashes;
 * lines and columns are 1-based; `lineHash` follows docs/feed-protocol.md ("Line hash").
 */
export const Location = z.object({
  path: z.string().min(1),
  startLine: line,
  startColumn: line.optional(),
  endLine: line.optional(),
  endColumn: line.optional(),
  snippet: z.string().optional(),
  lineHash: z.string().optional(),
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

const httpsUrl = z.string().refine((s) => s.startsWith('https://'), 'helpUri must be an https URL');

/** One finding, as the feed sends it. */
export const Finding = z.object({
  id: z.string().min(1),
  revision: z.string().min(1),
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
  status: FindingStatus,
  createdAt: z.string(),
  updatedAt: z.string(),
  triage: TriageDecision.nullable().optional(),
});
export type Finding = z.infer<typeof Finding>;

/**
 * One page of `GET /v1/projects/{project}/findings`. Findings are kept unparsed here so that each
 * is validated on its own: one bad finding is set aside, the rest are shown.
 */
export const FindingsPage = z.object({
  findings: z.array(z.unknown()),
  nextCursor: z.string().nullable(),
  syncToken: z.string(),
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
  revision: z.string(),
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
