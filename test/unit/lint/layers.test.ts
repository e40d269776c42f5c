import * as assert from 'node:assert/strict';
import path from 'node:path';

type LayerProblem = (file: string, specifier: string) => string | undefined;
const ROOT = path.resolve(__dirname, '..', '..', '..');
const file = (relative: string): string => path.join(ROOT, relative);

describe('the layers lint rule', () => {
  let layerProblem: LayerProblem;
  before(async () => {
    // eslint-rules/layers.mjs is ESM (the lint config loads it); a dynamic import reaches it from the CommonJS tests.
    const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<{ layerProblem: LayerProblem }>;
    ({ layerProblem } = await importEsm(file('eslint-rules/layers.mjs')));
  });

  it('keeps vscode in the client: the server, the contract, the webview and the feed may not import it', () => {
    assert.equal(layerProblem(file('src/client/extension.ts'), 'vscode'), undefined);
    for (const layer of ['server', 'shared', 'webview', 'feed']) {
      assert.match(layerProblem(file(`src/${layer}/x.ts`), 'vscode') ?? '', /may not import 'vscode'/, layer);
    }
  });

  it("keeps Node's modules out of the webview and the contract", () => {
    assert.match(layerProblem(file('src/webview/main.ts'), 'node:fs') ?? '', /may not import Node's node:fs/);
    assert.match(layerProblem(file('src/shared/feed.ts'), 'path') ?? '', /may not import Node's path/);
    assert.equal(layerProblem(file('src/server/workspace/paths.ts'), 'node:fs'), undefined);
  });

  it('lets every layer import the contract, and none import another layer', () => {
    assert.equal(layerProblem(file('src/webview/main.ts'), '../shared/webview'), undefined);
    assert.equal(layerProblem(file('src/server/feed/client.ts'), '../../shared/feed'), undefined);
    assert.equal(layerProblem(file('src/server/feed/client.ts'), './errors'), undefined, "the server's own feed client is the server's");
    assert.match(layerProblem(file('src/client/tree/grouping.ts'), '../../webview/filter') ?? '', /src\/client may import only from/);
    assert.match(layerProblem(file('src/feed/x.ts'), '../server/anchoring/lineHash') ?? '', /src\/feed may import only from/);
    assert.match(layerProblem(file('src/shared/feed.ts'), '../server/store') ?? '', /src\/shared may import only from src\/shared/);
  });

  it('leaves tests, scripts and the bench free to import any layer', () => {
    assert.equal(layerProblem(file('test/unit/x.test.ts'), '../../src/server/store'), undefined);
    assert.equal(layerProblem(file('bench/main.ts'), 'vscode'), undefined);
  });
});
