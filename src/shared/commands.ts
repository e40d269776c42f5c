/**
 * The fixed list of command ids the server may put on a code lens or a code action. The server
 * never builds a command id from feed data; the client registers exactly these.
 */
export const Commands = {
  acknowledge: 'findingsLens.acknowledge',
  dispute: 'findingsLens.dispute',
  showDetails: 'findingsLens.showDetails',
  /** A lens: opens the finding's suggested fixes (the server's Quick Fixes), previewed before applying. */
  applySuggestedFix: 'findingsLens.applySuggestedFix',
  /** Run by a suggested fix's code action once its edit is applied: offers to acknowledge the finding as "will fix". */
  fixApplied: 'findingsLens.fixApplied',
  setToken: 'findingsLens.setToken',
  clearToken: 'findingsLens.clearToken',
  syncNow: 'findingsLens.syncNow',
  showOutput: 'findingsLens.showOutput',
} as const;
export type CommandId = (typeof Commands)[keyof typeof Commands];

/** The commands a code lens may carry, with the finding id as their only argument. */
export const FINDING_COMMANDS: readonly CommandId[] = [
  Commands.acknowledge,
  Commands.dispute,
  Commands.showDetails,
  Commands.applySuggestedFix,
];

/** The code action kind of a suggested fix: a Quick Fix, told apart so that its lens can ask for these alone. */
export const SUGGESTED_FIX_KIND = 'quickfix.findingsLens.suggestedFix';

/** The diagnostic source every finding carries. */
export const DIAGNOSTIC_SOURCE = 'Findings Lens';
