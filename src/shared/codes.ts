/**
 * The feed contract's fixed code lists (and the token's bound), without zod: the schemas in feed.ts
 * and protocolSchemas.ts are built from these, and code that only needs the lists (the Findings
 * tree, the filter, the token input) imports them from here so the extension's activation path does
 * not load zod. feed.ts re-exports every list.
 */

/** Severity, most severe first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;

/** Where a finding stands. `withdrawn` is a tombstone: the feed no longer reports it. */
export const FINDING_STATUSES = ['open', 'acknowledged', 'disputed', 'fixed', 'withdrawn'] as const;

/** Reason codes for an acknowledgement. */
export const ACKNOWLEDGE_REASONS = ['will_fix', 'accepted_risk', 'mitigated'] as const;

/** Justifications for a dispute (they follow OpenVEX's not_affected justifications where they can). */
export const DISPUTE_REASONS = [
  'false_positive',
  'not_exploitable',
  'vulnerable_code_not_in_execute_path',
  'inline_mitigations_already_exist',
  'used_in_tests',
] as const;

/** The two decisions a developer can record on a finding. */
export const TRIAGE_ACTIONS = ['acknowledge', 'dispute'] as const;

/** A lead's answer to a decision. */
export const REVIEW_DECISIONS = ['approve', 'reject'] as const;

/** Which decisions a triage list asks for. */
export const TRIAGE_LIST_STATES = ['pending', 'reviewed', 'all'] as const;

/** The longest feed token either side takes: a pasted file or page is refused rather than stored or sent. */
export const MAX_TOKEN_LENGTH = 4096;

const SEVERITY_LABELS: Record<(typeof SEVERITIES)[number], string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
};

/** A severity in the user's words: "Critical", "High", … (one table for the server, client and panel). */
export function severityLabel(severity: (typeof SEVERITIES)[number]): string {
  return SEVERITY_LABELS[severity];
}
