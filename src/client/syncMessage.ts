/** What the user is told when Sync Now ends: what changed, named, and which findings "Show" lists. */
import type { SyncResult } from '../shared/protocol';
import { showable, someTitles } from './changeText';

/** A notification: its level, its text, and the findings its "Show" button lists (none: no button). */
export interface SyncMessage {
  level: 'info' | 'warning';
  text: string;
  show?: string[];
}

export function syncMessage(result: SyncResult): SyncMessage {
  if (!result.ok) {
    // The server's message already says what was kept and what to do; only add that when it is silent.
    const why = result.message ?? 'The feed did not answer as expected. The findings already shown are kept.';
    return { level: 'warning', text: `Findings Lens could not sync. ${why}` };
  }
  if (result.notModified || result.changed === 0)
    return { level: 'info', text: 'Findings Lens is up to date: nothing changed on the feed.' };
  const files = result.filesPublished === 1 ? '1 file' : `${result.filesPublished} files`;
  const c = result.changes;
  if (!c) {
    const findings = result.changed === 1 ? '1 finding' : `${result.changed} findings`;
    return { level: 'info', text: `Findings Lens synced: ${findings} changed in ${files}.` };
  }
  const counts = [c.new && `${c.new} new`, c.changed && `${c.changed} changed`, c.withdrawn && `${c.withdrawn} withdrawn`]
    .filter(Boolean)
    .join(', ');
  const names = someTitles(c.findings, c.new + c.changed + c.withdrawn);
  const show = showable(c.findings);
  const message: SyncMessage = { level: 'info', text: `Findings Lens synced: ${counts} in ${files}${names ? `: ${names}` : ''}.` };
  return show.length > 0 ? { ...message, show } : message;
}
