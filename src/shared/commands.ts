/**
 * The fixed list of command ids the server may put on a code lens or a code action. The server
 * never builds a command id from feed data; the client registers exactly these.
 */
export const Commands = {
  acknowledge: 'findingsLens.acknowledge',
  dispute: 'findingsLens.dispute',
  showDetails: 'findingsLens.showDetails',
  setToken: 'findingsLens.setToken',
  clearToken: 'findingsLens.clearToken',
  syncNow: 'findingsLens.syncNow',
  showOutput: 'findingsLens.showOutput',
} as const;
export type CommandId = (typeof Commands)[keyof typeof Commands];

/** The commands a code lens may carry, with the finding id as their only argument. */
export const FINDING_COMMANDS: readonly CommandId[] = [Commands.acknowledge, Commands.dispute, Commands.showDetails];

/** The diagnostic source every finding carries. */
export const DIAGNOSTIC_SOURCE = 'Findings Lens';
