/**
 * What mapping a SARIF log gives the feed: findings as the contract has them (less what the feed
 * itself keeps: revision, status, timestamps, triage), with what the ingestion needs besides, and
 * everything set aside with its reason.
 */
import type { z } from 'zod';
import type { AnalysisSetAside } from '../../shared/analysis';
import { Finding } from '../../shared/feed';
import type { Fingerprint, IdentityScope } from './identity';
import type { ToolDecision } from './suppressions';

/** A finding as a SARIF result gives it: the feed adds revision, status, timestamps and triage. */
export const FindingDraft = Finding.omit({ revision: true, status: true, createdAt: true, updatedAt: true, triage: true });
export type FindingDraft = z.infer<typeof FindingDraft>;

export interface MappedFinding {
  /** Where the result is in the log: `runs[run].results[index]`. */
  run: number;
  index: number;
  finding: FindingDraft;
  /** What the id was made from, to store beside the finding (docs/feed-protocol.md, "SARIF": identity). */
  scope: IdentityScope;
  fingerprint: Fingerprint;
  /** Suppressions the log already carries, as decisions by the tool (empty when none). */
  toolDecisions: ToolDecision[];
}

/** Something left out, and why: the contract's AnalysisSetAside (src/shared/analysis.ts). */
export type SetAside = AnalysisSetAside;

/** One run of the log as the ingestion needs to know it. */
export interface MappedRun {
  tool: string;
  toolVersion?: string;
  category: string;
  results: number;
  /**
   * False when the run cannot say what is fixed: its `results` are missing (null: the tool did not
   * run its rules) or an invocation failed. The ingestion must not close findings on such a run.
   */
  complete: boolean;
  /**
   * Results of the run that may be findings but could not be read (set aside for a reason other than
   * the tool saying they are none). The ingestion closes no finding of these rules (`anyRule`: of
   * any rule of the run), since one of them may be that finding.
   */
  unread: { rules: string[]; anyRule: boolean };
}

export interface MappedLog {
  runs: MappedRun[];
  findings: MappedFinding[];
  setAside: SetAside[];
  /** About the log rather than one result (a rule that does not parse, say), each once. */
  notes: string[];
}

/** What the caller knows that the log does not. */
export interface MapOptions {
  project: string;
  /** Like GitHub code scanning's: analyses of one tool and category replace each other. Default: the run's `automationDetails.id` up to its last `/`, else the tool's name. */
  category?: string;
  /** The commit analysed, copied to every finding. */
  commit?: string;
  /** The checkout root as a `file:` URL: absolute file URIs under it become repository paths. */
  checkoutUri?: string;
}
