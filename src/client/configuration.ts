/**
 * Reads the server's settings (through readServerSettings, the one mapping), logging a workspace
 * feed URL it ignored. settingsSync.ts pushes them to the server when they change.
 */
import * as vscode from 'vscode';
import type { ServerSettings } from '../shared/settings';
import { readServerSettings, SETTINGS_SECTION } from './settings';

export class SettingsReader {
  private readonly reported = new Set<string>();

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** The settings now, logging once each workspace feed URL that was ignored. */
  read(): ServerSettings {
    const { settings, ignoredFeedUrl } = readServerSettings(vscode.workspace.getConfiguration(SETTINGS_SECTION));
    if (ignoredFeedUrl !== undefined && !this.reported.has(ignoredFeedUrl)) {
      this.reported.add(ignoredFeedUrl);
      this.log.warn(
        `Ignored findingsLens.feed.url "${ignoredFeedUrl}" from the workspace settings: the feed URL decides where your token is sent, so only your user settings count.`,
      );
    }
    return settings;
  }
}
