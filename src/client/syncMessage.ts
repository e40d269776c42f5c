/** What the user is told when Sync Now ends. */
import type { SyncResult } from '../shared/protocol';

/** A notification: its level and its text. */
export interface SyncMessage {
  level: 'info' | 'warning';
  text: string;
}

export function syncMessage(result: SyncResult): SyncMessage {
  if (!result.ok) {
    // The server's message already says what was kept and what to do; only add that when it is silent.
    const why = result.message ?? 'The feed did not answer as expected. The findings already shown are kept.';
    return { level: 'warning', text: `Findings Lens could not sync. ${why}` };
  }
  if (result.notModified || result.changed === 0)
    return { level: 'info', text: 'Findings Lens is up to date: nothing changed on the feed.' };
  const findings = result.changed === 1 ? '1 finding' : `${result.changed} findings`;
  const files = result.filesPublished === 1 ? '1 file' : `${result.filesPublished} files`;
  return { level: 'info', text: `Findings Lens synced: ${findings} changed in ${files}.` };
}
