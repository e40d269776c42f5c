/**
 * Reads the extension's configuration into the server's settings shape. This is the one place
 * that knows how VS Code setting keys map to ServerSettings; it serves both the server's
 * initializationOptions and every `workspace/didChangeConfiguration` push.
 *
 * Pure: it sees the configuration only through `SettingsSource`, which VS Code's
 * WorkspaceConfiguration satisfies, so tests hand it a fake.
 */
// Types only: the client bundle stays free of zod (half a megabyte); the server validates.
import type { ServerSettings } from '../shared/settings';

/** The configuration section every Findings Lens setting lives under. */
export const SETTINGS_SECTION = 'findingsLens';

/** What `WorkspaceConfiguration.inspect` reports for one key, narrowed to what we read. */
export interface SettingInspection<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

/** The two reads we need from `vscode.workspace.getConfiguration('findingsLens')`. */
export interface SettingsSource {
  get<T>(key: string): T | undefined;
  inspect<T>(key: string): SettingInspection<T> | undefined;
}

/** The settings to send, and a workspace feed URL that was ignored (to be logged once). */
export interface ReadSettings {
  /** Values as the user wrote them (defaults filled); the server validates and reports problems. */
  settings: ServerSettings;
  ignoredFeedUrl?: string;
}

/**
 * The defaults, as package.json declares them (VS Code returns those itself; these only cover a
 * source without them). A unit test keeps them equal to ServerSettings.parse({}) and the manifest.
 */
export const DEFAULT_SETTINGS: Readonly<ServerSettings> = {
  feedUrl: '',
  project: '',
  pollInterval: 300,
  pushUpdates: true,
  requestTimeout: 30,
  projectFolders: {},
  resolvedFindings: 'hint',
  maxFindingsPerSync: 200_000,
  maxPagesPerSync: 2_000,
  maxResponseMegabytes: 32,
};
const DEFAULTS = DEFAULT_SETTINGS;

export function readServerSettings(source: SettingsSource): ReadSettings {
  const { feedUrl, ignoredFeedUrl } = readFeedUrl(source);
  const settings: ServerSettings = {
    feedUrl,
    project: source.get<string>('feed.project') ?? DEFAULTS.project,
    pollInterval: source.get<number>('feed.pollInterval') ?? DEFAULTS.pollInterval,
    pushUpdates: source.get<boolean>('feed.pushUpdates') ?? DEFAULTS.pushUpdates,
    requestTimeout: source.get<number>('feed.requestTimeout') ?? DEFAULTS.requestTimeout,
    projectFolders: source.get<Record<string, string>>('projectFolders') ?? { ...DEFAULTS.projectFolders },
    resolvedFindings: source.get<ServerSettings['resolvedFindings']>('resolvedFindings') ?? DEFAULTS.resolvedFindings,
    maxFindingsPerSync: source.get<number>('feed.maxFindingsPerSync') ?? DEFAULTS.maxFindingsPerSync,
    maxPagesPerSync: source.get<number>('feed.maxPagesPerSync') ?? DEFAULTS.maxPagesPerSync,
    maxResponseMegabytes: source.get<number>('feed.maxResponseMegabytes') ?? DEFAULTS.maxResponseMegabytes,
  };
  return ignoredFeedUrl === undefined ? { settings } : { settings, ignoredFeedUrl };
}

/**
 * The feed URL decides where the token is sent, so only the user's own (global) value or the
 * default counts. A repository's .vscode/settings.json must never redirect the token, even in a
 * VS Code build that would honour a workspace value for an application-scoped setting.
 */
function readFeedUrl(source: SettingsSource): { feedUrl: string; ignoredFeedUrl?: string } {
  const inspection = source.inspect<string>('feed.url');
  const feedUrl = inspection?.globalValue ?? inspection?.defaultValue ?? DEFAULTS.feedUrl;
  const local = inspection?.workspaceFolderValue ?? inspection?.workspaceValue;
  return local !== undefined && local !== feedUrl ? { feedUrl, ignoredFeedUrl: local } : { feedUrl };
}

/** The warning shown when the server rejected the settings: which ones, what was kept. */
export function settingsProblemMessage(problems: readonly string[]): string {
  const list = problems.length > 0 ? problems.join('; ') : 'the settings could not be read';
  return `Findings Lens ignored invalid settings (${list}). The last good settings are kept until this is fixed.`;
}
