import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../../src/webview');
const FORBIDDEN = /\b(innerHTML|outerHTML|insertAdjacentHTML|document\.write|DOMParser|createContextualFragment)\b/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('the webview builds DOM, never HTML strings', () => {
  it('finds webview sources to check', () => assert.ok(files(ROOT).length >= 10));

  for (const file of files(ROOT)) {
    it(`${file.slice(ROOT.length + 1)} has no HTML sink`, () => {
      const lines = readFileSync(file, 'utf8').split('\n');
      const hits = lines.map((l, i) => [i + 1, l] as const).filter(([, l]) => FORBIDDEN.test(l) && !/^\s*(\/\/|\*)/.test(l));
      assert.deepEqual(hits, []);
    });
  }

  it('the check itself catches a sink', () =>
    assert.ok(FORBIDDEN.test('el.innerHTML = x') && FORBIDDEN.test('el.insertAdjacentHTML("x", y)')));
});
