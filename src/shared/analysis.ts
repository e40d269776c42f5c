/**
 * `POST /v1/projects/{project}/analyses`: a SARIF 2.1.0 log uploaded into the feed (by the upload
 * CLI, from CI), and the feed's answer. docs/feed-protocol.md is the prose version.
 */
import { z } from 'zod';

/** The query of the upload; the body is the log itself (`Content-Encoding: gzip` accepted). */
export const AnalysisQuery = z.object({
  /** Like GitHub code scanning's: a newer analysis of the same tool and category on a ref replaces the older one. */
  category: z.string().min(1).max(256),
  /** The commit analysed: a full git object name. */
  commit: z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/, 'commit must be a full git commit id (40 or 64 hex digits)'),
  /** The git ref analysed, e.g. `refs/heads/main`. */
  ref: z.string().min(1).max(1024),
  /** The checkout root as a `file:` URL: absolute file URIs under it become repository paths. */
  checkoutUri: z.string().max(4096).optional(),
});
export type AnalysisQuery = z.infer<typeof AnalysisQuery>;

/** A result (or part of one) the feed did not take, and why. `runs[run].results[index]` in the log. */
export const AnalysisSetAside = z.object({
  run: z.number().int().min(0),
  index: z.number().int().min(0),
  /** `result`: no finding was made; `fix`, `location`: the finding was kept without that part. */
  what: z.enum(['result', 'fix', 'location']),
  ruleId: z.string().optional(),
  reason: z.string(),
});
export type AnalysisSetAside = z.infer<typeof AnalysisSetAside>;

const count = z.number().int().min(0);

/** 201 answer to an upload: what the feed took. */
export const AnalysisReceipt = z.object({
  analysis: z.object({
    id: z.string(),
    project: z.string(),
    category: z.string(),
    commit: z.string(),
    ref: z.string(),
    tools: z.array(z.string()),
  }),
  counts: z.object({
    new: count,
    unchanged: count,
    changed: count,
    fixed: count,
    reopened: count.default(0),
    /** Results that gave no finding (`what: "result"`); parts left out of kept findings are not counted. */
    setAside: count,
  }),
  /** Each thing set aside, possibly only the first ones: `counts.setAside` is the total. */
  setAside: z.array(AnalysisSetAside),
  /** About the log as a whole (a rule that does not parse, a run whose results are missing). */
  notes: z.array(z.string()).default([]),
});
export type AnalysisReceipt = z.infer<typeof AnalysisReceipt>;
