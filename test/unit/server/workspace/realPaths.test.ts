import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { nodeLinkFs, RealPaths, resolveInWorkspace, type LinkFs } from '../../../../src/server/workspace/realPaths';
import { readInsideFolder, nodeReadFs, type ReadFs } from '../../../../src/server/workspace/workspaceFiles';

/** A workspace with links in and out of it, and a secret next to it. */
function makeWorkspace(): { base: string; folder: string; secret: string } {
  const base = mkdtempSync(path.join(os.tmpdir(), 'fl-links-'));
  const folder = path.join(base, 'workspace');
  const outside = path.join(base, 'outside');
  mkdirSync(path.join(folder, 'src'), { recursive: true });
  mkdirSync(outside);
  const secret = path.join(outside, 'passwd');
  writeFileSync(secret, 'root:x:0:0:secret\n');
  writeFileSync(path.join(folder, 'src', 'db.ts'), 'const a = 1;\n');
  symlinkSync(outside, path.join(folder, 'link'));
  symlinkSync(secret, path.join(folder, 'src', 'passwd-link'));
  symlinkSync(path.join(folder, 'src'), path.join(folder, 'alias'));
  symlinkSync(path.join(folder, 'src', 'db.ts'), path.join(folder, 'db-alias.ts'));
  symlinkSync(path.join(base, 'nowhere'), path.join(folder, 'broken'));
  symlinkSync(path.join(folder, 'loop'), path.join(folder, 'loop'));
  return { base, folder, secret };
}

/** Counts the file system calls the check makes. */
function countingFs(): { fsx: LinkFs; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    fsx: {
      realpath: (p) => (calls.push(`realpath ${p}`), nodeLinkFs.realpath(p)),
      isLink: (p) => (calls.push(`isLink ${p}`), nodeLinkFs.isLink(p)),
      list: (d) => (calls.push(`list ${d}`), nodeLinkFs.list(d)),
    },
  };
}

describe('real paths (symbolic links)', () => {
  let ws: ReturnType<typeof makeWorkspace>;
  before(() => (ws = makeWorkspace()));
  after(() => rmSync(ws.base, { recursive: true, force: true }));

  const resolve = (feedPath: string, real = new RealPaths()) => resolveInWorkspace(URI.file(ws.folder), feedPath, real);

  const refused: Array<[string, string, RegExp]> = [
    ['a directory link that leads outside', 'link/passwd', /leads out of the workspace folder through a symbolic link/],
    ['a file link that leads outside', 'src/passwd-link', /leads out of the workspace folder through a symbolic link/],
    ['a path under a file link to outside', 'link/sub/deeper.ts', /leads out of the workspace folder/],
    ['a broken link', 'broken', /broken symbolic link/],
    ['a path through a broken link', 'broken/x.ts', /broken symbolic link/],
    ['a link loop', 'loop/x.ts', /cannot be checked|broken/],
  ];
  for (const [what, feedPath, reason] of refused) {
    it(`refuses ${what}, with the reason`, () => {
      const r = resolve(feedPath);
      assert.equal(r.ok, false, JSON.stringify(r));
      if (!r.ok) assert.match(r.reason, reason);
    });
  }

  it('accepts plain files, files that do not exist yet, and links that stay inside the folder', () => {
    for (const feedPath of ['src/db.ts', 'src/new-file.ts', 'not/yet/there.ts', 'alias/db.ts', 'db-alias.ts']) {
      const r = resolve(feedPath);
      assert.equal(r.ok, true, `${feedPath}: ${JSON.stringify(r)}`);
      if (r.ok)
        assert.equal(
          r.uri,
          URI.file(path.join(ws.folder, ...feedPath.split('/'))).toString(),
          'the URI is the path as written in the folder',
        );
    }
  });

  it('accepts a folder that is itself reached through a link (both sides are real paths)', () => {
    const viaLink = path.join(ws.base, 'workspace-link');
    symlinkSync(ws.folder, viaLink);
    const real = new RealPaths();
    assert.equal(resolveInWorkspace(URI.file(viaLink), 'src/db.ts', real).ok, true);
    assert.equal(resolveInWorkspace(URI.file(viaLink), 'link/passwd', real).ok, false);
  });

  it('asks the file system once per directory, not once per file, until told to forget', () => {
    const many = path.join(ws.folder, 'many');
    mkdirSync(many);
    for (let i = 0; i < 50; i++) writeFileSync(path.join(many, `file${i}.ts`), '');
    const { fsx, calls } = countingFs();
    const real = new RealPaths(fsx);
    for (let i = 0; i < 50; i++) assert.equal(resolve(`many/file${i}.ts`, real).ok, true);
    assert.deepEqual(
      calls,
      [`realpath ${ws.folder}`, `list ${ws.folder}`, `list ${many}`],
      "the folder, its listing, and the directory's: nothing per file",
    );
    // A link made now is seen once the cache is forgotten (each sync).
    rmSync(path.join(many, 'file7.ts'));
    symlinkSync(ws.secret, path.join(many, 'file7.ts'));
    assert.equal(resolve('many/file7.ts', real).ok, true, 'the cached listing said it was a plain file');
    real.forget();
    assert.equal(resolve('many/file7.ts', real).ok, false);
    rmSync(many, { recursive: true });
  });

  it('looks at a file the listing does not name once (it is usually not there yet), and at missing directories once each', () => {
    const { fsx, calls } = countingFs();
    const real = new RealPaths(fsx);
    for (let i = 0; i < 20; i++) assert.equal(resolve(`src/missing${i}.ts`, real).ok, true);
    assert.equal(calls.filter((c) => c.startsWith('isLink')).length, 20);
    assert.equal(calls.filter((c) => c.startsWith('realpath') || c.startsWith('list')).length, 3);
    calls.length = 0;
    for (let i = 0; i < 20; i++) resolve(`gone/a/file${i}.ts`, real);
    assert.deepEqual(calls, [`isLink ${path.join(ws.folder, 'gone')}`], 'one lstat for the missing directory, nothing below it');
  });

  describe('reading a file for its hash', () => {
    const folder = () => URI.file(ws.folder);
    const uriOf = (p: string) => URI.file(path.join(ws.folder, ...p.split('/'))).toString();

    /** The real fs, recording what it opens. */
    function watchingFs(): { fsx: ReadFs; opened: string[] } {
      const opened: string[] = [];
      return { opened, fsx: { realpath: nodeReadFs.realpath, readFile: (p, max) => (opened.push(p), nodeReadFs.readFile(p, max)) } };
    }

    it('reads a file inside the folder, through a link that stays inside too', async () => {
      assert.equal(await readInsideFolder(folder(), uriOf('src/db.ts')), 'const a = 1;\n');
      assert.equal(await readInsideFolder(folder(), uriOf('alias/db.ts')), 'const a = 1;\n');
    });

    for (const p of ['link/passwd', 'src/passwd-link', 'broken', '../outside/passwd']) {
      it(`never opens ${p}, which leads outside`, async () => {
        const { fsx, opened } = watchingFs();
        assert.equal(await readInsideFolder(folder(), uriOf(p), fsx), undefined);
        assert.ok(!opened.includes(ws.secret), `opened ${opened.join(', ')}`);
        assert.deepEqual(opened, []);
      });
    }

    it('refuses a file that became a link to outside after the sync checked it', async () => {
      const late = path.join(ws.folder, 'src', 'late.ts');
      assert.equal(resolve('src/late.ts').ok, true, 'not there yet: the lexical check stands');
      symlinkSync(ws.secret, late);
      try {
        const { fsx, opened } = watchingFs();
        assert.equal(await readInsideFolder(folder(), uriOf('src/late.ts'), fsx), undefined);
        assert.deepEqual(opened, []);
      } finally {
        rmSync(late);
      }
    });

    it('does not read a file bigger than the limit, nor a directory, nor outside a file: folder', async () => {
      assert.equal(await readInsideFolder(folder(), uriOf('src/db.ts'), nodeReadFs, 4), undefined);
      assert.equal(await readInsideFolder(folder(), uriOf('src')), undefined);
      assert.equal(await readInsideFolder(undefined, uriOf('src/db.ts')), undefined);
      assert.equal(await readInsideFolder(URI.parse('vscode-vfs://host/ws'), 'vscode-vfs://host/ws/a.ts'), undefined);
    });
  });
});
