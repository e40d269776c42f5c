// When the extension starts: as soon as the editor opens a file (the user's file is open when the
// editor starts, and its findings are what they wait for), else once the editor's startup is over.
// Never on `*`, which would start it before the editor has drawn anything.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { activationEvents: string[] };

describe('activation events', () => {
  it('start the extension when a file opens, or when the startup is over in a window without one', () => {
    assert.ok(manifest.activationEvents.includes('onLanguage'), 'a file of any language opened');
    assert.ok(manifest.activationEvents.includes('onStartupFinished'), 'a window with no file open still gets its status and views');
    assert.ok(!manifest.activationEvents.includes('*'));
  });
});
