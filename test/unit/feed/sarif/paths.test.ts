import { strict as assert } from 'node:assert';
import { PathResolver, type PathContext } from '../../../../src/feed/sarif/paths';
import type { ArtifactLocation } from '../../../../src/feed/sarif/schema';

const ROOT = 'file:///home/dev/repo/';

function resolver(context: Partial<PathContext> = {}): PathResolver {
  return new PathResolver({ artifact: () => undefined, checkoutUri: ROOT, ...context });
}

function pathOf(location: ArtifactLocation, context: Partial<PathContext> = {}): string {
  const result = resolver(context).resolve(location);
  return 'path' in result ? result.path : `refused: ${result.reason}`;
}

describe('SARIF paths: artifact locations as repository paths', () => {
  it('takes relative URIs, with or without a base the log leaves undefined, as relative to the repository root', () => {
    assert.equal(pathOf({ uri: 'src/a.ts' }), 'src/a.ts');
    assert.equal(pathOf({ uri: './native/receipt_line.c', uriBaseId: 'SRCROOT' }), 'native/receipt_line.c');
    assert.equal(pathOf({ uri: 'src/./lib//b.ts', uriBaseId: '%SRCROOT%' }), 'src/lib/b.ts');
    assert.equal(pathOf({ uri: 'src/old/../b.ts' }), 'src/b.ts');
  });

  it('resolves uriBaseId through run.originalUriBaseIds, chains included, against the checkout root', () => {
    const originalUriBaseIds = { SRC: { uri: 'src/', uriBaseId: 'REPO' }, REPO: { uri: ROOT }, LIB: { uri: 'lib' } };
    assert.equal(pathOf({ uri: 'routes/a.ts', uriBaseId: 'SRC' }, { originalUriBaseIds }), 'src/routes/a.ts');
    assert.equal(pathOf({ uri: 'x.js', uriBaseId: 'LIB' }, { originalUriBaseIds }), 'lib/x.js', 'a base without its trailing slash');
    const loop = { A: { uri: 'a/', uriBaseId: 'B' }, B: { uri: 'b/', uriBaseId: 'A' } };
    assert.match(
      pathOf({ uri: 'x.c', uriBaseId: 'A' }, { originalUriBaseIds: loop }),
      /^refused: uriBaseId \S+ is defined in a chain deeper than 10 \(or a loop\)/,
    );
  });

  it('takes absolute file URIs only under the checkout root given at upload', () => {
    assert.equal(pathOf({ uri: 'file:///home/dev/repo/src/a.ts' }), 'src/a.ts');
    assert.equal(pathOf({ uri: 'file:///home/dev/repo/src/my%20file.ts' }), 'src/my file.ts');
    assert.equal(pathOf({ uri: '/home/dev/repo/src/a.ts' }), 'src/a.ts', 'an absolute path is a file URI');
    assert.equal(
      pathOf({ uri: 'file:///home/dev/repo/src/a.ts' }, { checkoutUri: 'file:///home/dev/repo' }),
      'src/a.ts',
      'a root without its trailing slash',
    );
    assert.match(
      pathOf({ uri: 'file:///home/dev/repo/src/a.ts' }, { checkoutUri: undefined }),
      /^refused: "file:\/\/\/home\/dev\/repo\/src\/a.ts" is an absolute path, and the upload gave no checkout root/,
    );
    assert.match(
      pathOf({ uri: 'file:///etc/passwd' }),
      /^refused: "file:\/\/\/etc\/passwd" is outside the checkout root file:\/\/\/home\/dev\/repo\//,
    );
    assert.match(pathOf({ uri: 'file:///home/dev/repo/../secrets/key' }), /outside the checkout root/);
    assert.match(
      pathOf({ uri: '/home/dev/repository-next/a.ts' }),
      /outside the checkout root/,
      'a sibling whose name starts like the root',
    );
    assert.match(pathOf({ uri: 'file://build-host/home/dev/repo/a.ts' }), /is a file on another host \(build-host\)/);
  });

  it('refuses what would climb out of the repository, and what is not a file of it', () => {
    assert.match(pathOf({ uri: '../etc/passwd' }), /^refused: "..\/etc\/passwd" climbs out of the repository$/);
    assert.match(pathOf({ uri: 'src/../../x' }), /climbs out/);
    assert.match(pathOf({ uri: 'src/%2e%2e/%2e%2e/x' }), /climbs out/, 'escaped dots are dots');
    assert.match(pathOf({ uri: '..', uriBaseId: 'SRCROOT' }), /climbs out/);
    assert.match(pathOf({ uri: 'src/a%2Fb.ts' }), /an escaped slash in a file name/);
    assert.match(pathOf({ uri: 'https://cdn.example.com/lib.js' }), /is a https: URI, not a file of the repository/);
    assert.match(pathOf({ uri: 'C:\\src\\a.c' }), /an absolute Windows path/);
    assert.match(pathOf({ uri: 'src/%zz.ts' }), /a malformed %-escape/);
    assert.match(pathOf({ uri: './' }), /names the repository root, not a file/);
    assert.match(pathOf({}), /no uri/);
  });

  it('reads backslashes (some Windows tools write them) as slashes', () => {
    assert.equal(pathOf({ uri: 'src\\win\\a.c' }), 'src/win/a.c');
  });

  it('takes a location by index from run.artifacts', () => {
    const artifact = (i: number): ArtifactLocation | undefined => (i === 0 ? { uri: 'lib/x.js', uriBaseId: 'SRCROOT' } : undefined);
    assert.equal(pathOf({ index: 0 }, { artifact }), 'lib/x.js');
    assert.equal(pathOf({ index: 0, uri: 'src/own.js' }, { artifact }), 'src/own.js', 'its own uri first');
    assert.match(pathOf({ index: 3 }, { artifact }), /artifact 3 is not in run.artifacts/);
  });
});
