import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('webview bootstrap under the CSP', () => {
  it('configures zod (jitless) before any module that builds a schema', () => {
    // zod probes `new Function` while constructing object schemas; without 'unsafe-eval' the
    // webview reports that as a CSP violation, so the config import must come first.
    const main = readFileSync(join(__dirname, '../../../src/webview/main.ts'), 'utf8');
    const firstImport = main.split('\n').find((l) => l.startsWith('import '));
    assert.equal(firstImport, "import './zodConfig';");
    assert.match(readFileSync(join(__dirname, '../../../src/webview/zodConfig.ts'), 'utf8'), /z\.config\(\{ jitless: true \}\)/);
  });
});
