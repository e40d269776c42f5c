import * as assert from 'node:assert/strict';
import { FLOOR_EXTENSION_ID, floorManifest, floorSettings, isFloorCode } from '../../../../bench/editor/floorExtension';

describe('bench/editor/floorExtension', () => {
  it('activates after start-up for the memory floor, and on any language as Findings Lens does for the warm floor', () => {
    assert.deepEqual(floorManifest('onStartupFinished').activationEvents, ['onStartupFinished']);
    assert.deepEqual(floorManifest('onLanguage').activationEvents, ['onLanguage']);
    const manifest = floorManifest('onLanguage');
    assert.equal(`${manifest.publisher}.${manifest.name}`, FLOOR_EXTENSION_ID);
    assert.ok('diagnosticsFloor.openFile' in manifest.contributes.configuration.properties, 'the open file’s setting is declared');
  });

  it('sets either all the diagnostics or the open file’s, never both unless asked', () => {
    assert.deepEqual(floorSettings({ openFile: '/s/open.json', doneFile: '/s/done.json', shape: 'bare' }), {
      'diagnosticsFloor.diagnosticsFile': '',
      'diagnosticsFloor.openFile': '/s/open.json',
      'diagnosticsFloor.doneFile': '/s/done.json',
      'diagnosticsFloor.shape': 'bare',
    });
    assert.equal(
      floorSettings({ diagnosticsFile: '/s/all.jsonl', doneFile: '/s/done.json', shape: 'client' })['diagnosticsFloor.openFile'],
      '',
    );
  });

  it("attributes a profile's frame to the floor extension by its installed folder, not Findings Lens's", () => {
    assert.equal(isFloorCode({ url: 'file:///x/extensions/findings-lens-bench.diagnostics-floor-0.0.1/extension.js' }), true);
    assert.equal(isFloorCode({ url: 'file:///x/extensions/findings-lens.findings-lens-0.1.0/dist/client.js' }), false);
    assert.equal(isFloorCode({ url: 'node:internal/fs' }), false);
  });
});
