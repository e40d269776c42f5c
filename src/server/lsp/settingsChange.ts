/**
 * What a change of settings changes for the findings shown (the syncs' part is the sync
 * controller's: sync/syncController.ts settingsChanged).
 */
import type { ServerSettings } from '../../shared/settings';

/**
 * `feed`: another feed URL or project (a new session); `folders`: the project's folder may be
 * another (paths resolved again); `display`: resolved findings are drawn another way.
 */
export type SettingsChange = 'feed' | 'folders' | 'display' | undefined;

export function settingsChange(before: ServerSettings, after: ServerSettings): SettingsChange {
  if (before.feedUrl !== after.feedUrl || before.project !== after.project) return 'feed';
  if (JSON.stringify(before.projectFolders) !== JSON.stringify(after.projectFolders)) return 'folders';
  if (before.resolvedFindings !== after.resolvedFindings) return 'display';
  return undefined;
}

/**
 * Our section of a `workspace/didChangeConfiguration` payload (`{ findingsLens: ServerSettings }`);
 * undefined when it has none (a pull-model client sends null): that says nothing about our settings.
 */
export function ourSection(settings: unknown): unknown {
  const section = (settings as { findingsLens?: unknown } | null | undefined)?.findingsLens;
  return section === null ? undefined : section;
}
