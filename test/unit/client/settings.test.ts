import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ServerSettings } from '../../../src/shared/settings';
import {
  DEFAULT_SETTINGS,
  readServerSettings,
  settingsProblemMessage,
  type SettingInspection,
  type SettingsSource,
} from '../../../src/client/settings';

/** A WorkspaceConfiguration stand-in: effective values for get(), the layers for inspect(). */
function source(values: Record<string, unknown>, feedUrl: SettingInspection<string> = { defaultValue: '' }): SettingsSource {
  return {
    get: <T>(key: string) => values[key] as T | undefined,
    inspect: <T>(key: string) => (key === 'feed.url' ? (feedUrl as SettingInspection<T>) : undefined),
  };
}

const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { default: unknown; scope: string; markdownDescription: string }> } };
};
const properties = manifest.contributes.configuration.properties;

describe('client/settings', () => {
  it('maps each VS Code setting onto the server settings shape', () => {
    const { settings, ignoredFeedUrl } = readServerSettings(
      source(
        {
          'feed.project': 'payments',
          'feed.pollInterval': 60,
          'feed.pushUpdates': false,
          'feed.requestTimeout': 12,
          projectFolders: { payments: 'api' },
          resolvedFindings: 'hide',
          'feed.maxFindingsPerSync': 500_000,
          'feed.maxPagesPerSync': 4_000,
          'feed.maxResponseMegabytes': 64,
        },
        { defaultValue: '', globalValue: 'https://feed.example.com' },
      ),
    );
    assert.deepEqual(settings, {
      feedUrl: 'https://feed.example.com',
      project: 'payments',
      pollInterval: 60,
      pushUpdates: false,
      requestTimeout: 12,
      projectFolders: { payments: 'api' },
      resolvedFindings: 'hide',
      maxFindingsPerSync: 500_000,
      maxPagesPerSync: 4_000,
      maxResponseMegabytes: 64,
    });
    assert.equal(ignoredFeedUrl, undefined);
  });

  it('never takes the feed URL from the workspace or a folder, and reports the value it ignored', () => {
    const fromWorkspace = readServerSettings(
      source({}, { defaultValue: '', globalValue: 'https://mine.example', workspaceValue: 'https://evil.example' }),
    );
    assert.equal(fromWorkspace.settings.feedUrl, 'https://mine.example');
    assert.equal(fromWorkspace.ignoredFeedUrl, 'https://evil.example');

    const fromFolder = readServerSettings(source({}, { defaultValue: '', workspaceFolderValue: 'https://evil.example' }));
    assert.equal(fromFolder.settings.feedUrl, '');
    assert.equal(fromFolder.ignoredFeedUrl, 'https://evil.example');
  });

  it('does not report a workspace feed URL that says the same as the user setting', () => {
    const same = readServerSettings(source({}, { globalValue: 'https://mine.example', workspaceValue: 'https://mine.example' }));
    assert.equal(same.ignoredFeedUrl, undefined);
  });

  it('passes values through as written, for the server to validate and report', () => {
    const { settings } = readServerSettings(source({ 'feed.pollInterval': 2 }));
    assert.equal(settings.pollInterval, 2);
  });

  it('falls back to the defaults the server would use, which are also the manifest defaults', () => {
    assert.deepEqual(readServerSettings(source({}, {})).settings, ServerSettings.parse({}));
    assert.deepEqual({ ...DEFAULT_SETTINGS }, ServerSettings.parse({}));
    const manifestKeys: Record<keyof ServerSettings, string> = {
      feedUrl: 'findingsLens.feed.url',
      project: 'findingsLens.feed.project',
      pollInterval: 'findingsLens.feed.pollInterval',
      pushUpdates: 'findingsLens.feed.pushUpdates',
      requestTimeout: 'findingsLens.feed.requestTimeout',
      projectFolders: 'findingsLens.projectFolders',
      resolvedFindings: 'findingsLens.resolvedFindings',
      maxFindingsPerSync: 'findingsLens.feed.maxFindingsPerSync',
      maxPagesPerSync: 'findingsLens.feed.maxPagesPerSync',
      maxResponseMegabytes: 'findingsLens.feed.maxResponseMegabytes',
    };
    for (const [key, setting] of Object.entries(manifestKeys)) {
      assert.ok(properties[setting], `${setting} is not contributed`);
      assert.deepEqual(properties[setting]!.default, DEFAULT_SETTINGS[key as keyof ServerSettings], setting);
    }
  });

  it('declares every setting with a scope and a description, and the feed URL application-scoped', () => {
    for (const [name, property] of Object.entries(properties)) {
      assert.ok(property.scope, `${name} has no scope`);
      assert.ok(property.markdownDescription.length > 40, `${name} is not explained`);
    }
    assert.equal(properties['findingsLens.feed.url']!.scope, 'application');
    // A repository can neither raise a limit (to let a feed hurt the machine) nor lower it (to silence findings).
    for (const limit of ['maxFindingsPerSync', 'maxPagesPerSync', 'maxResponseMegabytes'])
      assert.equal(properties[`findingsLens.feed.${limit}`]!.scope, 'application', limit);
  });

  it('names the bad settings and says the last good ones are kept', () => {
    const text = settingsProblemMessage(['findingsLens.pollInterval: Too small: expected number to be >=10']);
    assert.match(text, /findingsLens\.pollInterval/);
    assert.match(text, /last good settings are kept/);
  });
});
