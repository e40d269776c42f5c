import * as assert from 'node:assert/strict';
import { URI } from 'vscode-uri';
import { checkRelativePath, foldersFromInitialize, isInside, projectFolder, resolveInFolder } from '../../../../src/server/workspace/paths';

const folder = URI.parse('file:///home/dev/demo');

describe('paths', () => {
  describe('resolveInFolder', () => {
    it('resolves a plain relative path inside the folder', () => {
      assert.deepEqual(resolveInFolder(folder, 'src/db.ts'), { ok: true, uri: 'file:///home/dev/demo/src/db.ts' });
    });

    it('encodes characters that mean something in a URI instead of interpreting them', () => {
      const r = resolveInFolder(folder, 'a b/c#d?e%2e.ts');
      assert.deepEqual(r, { ok: true, uri: 'file:///home/dev/demo/a%20b/c%23d%3Fe%252e.ts' });
    });

    const rejected: Array<[string, string, RegExp]> = [
      ['an empty path', '', /empty/],
      ['a POSIX absolute path', '/etc/passwd', /absolute/],
      ['a drive letter with a slash', 'C:/Windows/win.ini', /absolute/],
      ['a drive letter with a backslash', 'C:\\Windows\\win.ini', /backslash|absolute/],
      ['a drive-relative path', 'c:secret', /absolute/],
      ['a backslash anywhere', 'src\\db.ts', /backslash/],
      ['a UNC path', '\\\\server\\share', /backslash/],
      ['a leading .. segment', '../outside.ts', /".."/],
      ['climbing out further', '../../etc/passwd', /".."/],
      ['a .. segment in the middle', 'src/../../etc/passwd', /".."/],
      ['a trailing .. segment', 'src/..', /".."/],
      ['a . segment', './src/db.ts', /"\."/],
      ['a ... segment', 'src/.../db.ts', /"\.\.\."/],
      ['an empty segment', 'src//db.ts', /empty path segment/],
      ['a trailing slash', 'src/', /empty path segment/],
      ['a NUL character', 'src/db.ts\u0000.png', /NUL/],
      ['a control character', 'src/db\n.ts', /control/],
      ['a URL', 'file:///etc/passwd', /empty path segment/],
      ['a path longer than any file system takes', `src/${'a/'.repeat(2100)}x.ts`, /path longer than 4096 characters/],
    ];
    for (const [what, path, reason] of rejected) {
      it(`rejects ${what}`, () => {
        const r = resolveInFolder(folder, path);
        assert.equal(r.ok, false, `${JSON.stringify(path)} should be rejected`);
        if (!r.ok) assert.match(r.reason, reason);
      });
    }

    it('accepts names that merely contain dots', () => {
      assert.equal(resolveInFolder(folder, '.github/workflows/ci.yml').ok, true);
      assert.equal(resolveInFolder(folder, 'src/..hidden/x..y.ts').ok, true);
    });
  });

  describe('checkRelativePath', () => {
    it('returns the segments of a good path', () => {
      assert.deepEqual(checkRelativePath('a/b/c.ts'), { ok: true, segments: ['a', 'b', 'c.ts'] });
    });
  });

  describe('isInside', () => {
    it('compares paths case-sensitively and needs a separator', () => {
      assert.equal(isInside(URI.parse('file:///home/dev/demo/x'), folder), true);
      assert.equal(isInside(URI.parse('file:///home/dev/Demo/x'), folder), false);
      assert.equal(isInside(URI.parse('file:///home/dev/demo-evil/x'), folder), false);
      assert.equal(isInside(URI.parse('file:///home/dev/demo'), folder), false);
      assert.equal(isInside(URI.parse('untitled:///home/dev/demo/x'), folder), false);
    });
  });

  describe('projectFolder', () => {
    const folders = [
      { uri: 'file:///home/dev/one', name: 'one' },
      { uri: 'file:///home/dev/two', name: 'two' },
    ];
    it('defaults to the first workspace folder', () => {
      assert.equal(projectFolder('p', {}, folders)?.toString(), 'file:///home/dev/one');
    });
    it('finds a folder by name', () => {
      assert.equal(projectFolder('p', { p: 'two' }, folders)?.toString(), 'file:///home/dev/two');
    });
    it('finds a folder by absolute path', () => {
      assert.equal(projectFolder('p', { p: '/home/dev/two' }, folders)?.toString(), 'file:///home/dev/two');
    });
    it('looks up a relative path inside the first folder, refusing to climb out', () => {
      assert.equal(projectFolder('p', { p: 'packages/api' }, folders)?.toString(), 'file:///home/dev/one/packages/api');
      assert.equal(projectFolder('p', { p: '../elsewhere' }, folders), undefined);
    });
    it('is undefined without any folder', () => {
      assert.equal(projectFolder('p', {}, []), undefined);
    });
  });

  describe('foldersFromInitialize', () => {
    it('prefers workspaceFolders, then rootUri', () => {
      assert.deepEqual(foldersFromInitialize({ workspaceFolders: [{ uri: 'file:///a', name: 'a' }], rootUri: 'file:///b' }), [
        { uri: 'file:///a', name: 'a' },
      ]);
      assert.deepEqual(foldersFromInitialize({ workspaceFolders: null, rootUri: 'file:///w/b' }), [{ uri: 'file:///w/b', name: 'b' }]);
      assert.deepEqual(foldersFromInitialize({}), []);
    });
  });
});
