import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import { BaseTexts, nodeGitRunner, parseCatFileBatch, type GitRunner } from '../../../../src/server/anchoring/git';
import { changedFiles, changedSince, pathsOf } from '../../../../src/server/workspace/changedFiles';
import { GitBases } from '../../../../src/server/workspace/gitBases';

describe('which files changed since a commit (git)', function () {
  this.timeout(30_000);
  let top = '';
  let dir = '';
  let first = '';
  let second = '';
  const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
  const sorted = (paths: Iterable<string>) => [...paths].sort();

  before(() => {
    top = mkdtempSync(join(tmpdir(), 'fl-changed-'));
    dir = join(top, 'repo');
    mkdirSync(join(dir, 'src'), { recursive: true });
    git(dir, 'init', '-q');
    git(dir, 'config', 'user.email', 'test@example.com');
    git(dir, 'config', 'user.name', 'Test');
    for (const name of ['a.ts', 'b.ts', 'c.ts', 'gone.ts', 'old name.ts']) writeFileSync(join(dir, 'src', name), `// ${name}\neval(x);\n`);
    writeFileSync(join(dir, '.gitignore'), 'build/\n');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'first');
    first = git(dir, 'rev-parse', 'HEAD');
    writeFileSync(join(dir, 'src', 'b.ts'), '// b.ts\n// a line above\neval(x);\n');
    git(dir, 'commit', '-qam', 'second');
    second = git(dir, 'rev-parse', 'HEAD');
    // The working tree: c.ts edited (not staged), gone.ts deleted, a rename staged, a new file, an ignored one.
    writeFileSync(join(dir, 'src', 'c.ts'), '// c.ts\n\neval(x);\n');
    unlinkSync(join(dir, 'src', 'gone.ts'));
    git(dir, 'mv', 'src/old name.ts', 'src/new name.ts');
    writeFileSync(join(dir, 'src', 'new.ts'), 'eval(y);\n');
    mkdirSync(join(dir, 'build'));
    writeFileSync(join(dir, 'build', 'out.js'), 'eval(z);\n');
  });
  after(() => rmSync(top, { recursive: true, force: true }));

  it('lists what differs from the commit: committed since, edited, deleted, renamed (both names)', async () => {
    const since = await changedSince(dir, first, nodeGitRunner);
    assert.ok(since.known);
    assert.deepEqual(sorted(since.paths), ['src/b.ts', 'src/c.ts', 'src/gone.ts', 'src/new name.ts', 'src/old name.ts']);
  });

  it('does not list a file only committed before the commit asked about', async () => {
    const since = await changedSince(dir, second, nodeGitRunner);
    assert.ok(since.known);
    assert.ok(!since.paths.has('src/b.ts'));
    assert.ok(since.paths.has('src/c.ts'));
  });

  it('does not list a file touched but unchanged (git compares contents)', async () => {
    writeFileSync(join(dir, 'src', 'a.ts'), '// a.ts\neval(x);\n');
    const since = await changedSince(dir, second, nodeGitRunner);
    assert.ok(since.known && !since.paths.has('src/a.ts'));
  });

  it('lists untracked files, not ignored ones, once for all commits', async () => {
    const files = await changedFiles(dir, [first, second], nodeGitRunner);
    assert.deepEqual(sorted(files.untracked), ['src/new.ts']);
    assert.equal(files.byCommit.size, 2);
  });

  it('says when git does not know the commit, or it is not a commit id', async () => {
    const unknown = await changedSince(dir, 'deadbeef'.repeat(5), nodeGitRunner);
    assert.equal(unknown.known, false);
    assert.match(!unknown.known ? unknown.why : '', /does not know commit deadbeefdead/);
    const calls: string[][] = [];
    const spy: GitRunner = async (args, cwd) => (calls.push(args), nodeGitRunner(args, cwd));
    const option = await changedSince(dir, '--output=/tmp/x', spy);
    assert.equal(option.known, false);
    assert.deepEqual(calls, [], 'git is never run with an id that is not one');
  });

  it('says so in a shallow clone that lacks the commit', async () => {
    const shallow = join(top, 'shallow');
    git(top, 'clone', '-q', '--depth', '1', `file://${dir}`, shallow);
    const since = await changedSince(shallow, first, nodeGitRunner);
    assert.equal(since.known, false);
    const head = await changedSince(shallow, second, nodeGitRunner);
    assert.ok(head.known && head.paths.size === 0);
  });

  it('answers only for a folder that is the root of a repository, and never throws without git', async () => {
    const bases = new GitBases();
    assert.ok(await bases.changedFiles(URI.file(dir).toString(), [first]));
    assert.equal(await bases.changedFiles(URI.file(join(dir, 'src')).toString(), [first]), undefined);
    assert.equal(await bases.changedFiles(URI.file(top).toString(), [first]), undefined);
    const noGit = new GitBases(async () => ({ code: 1, stdout: '' }));
    assert.equal(await noGit.changedFiles(URI.file(dir).toString(), [first]), undefined);
  });

  it('asks git once for many files at their commits, and answers from that without a git show each', async () => {
    const shows: string[][] = [];
    const texts = new BaseTexts(dir, async (args, cwd) => (shows.push(args), nodeGitRunner(args, cwd)));
    await texts.prefetch([
      { commit: first, path: 'src/b.ts' },
      { commit: second, path: 'src/b.ts' },
      { commit: first, path: 'src/not there.ts' },
      { commit: '--evil', path: 'src/b.ts' },
    ]);
    assert.equal(await texts.textAt(first, 'src/b.ts'), '// b.ts\neval(x);\n');
    assert.equal(await texts.textAt(second, 'src/b.ts'), '// b.ts\n// a line above\neval(x);\n');
    assert.deepEqual(shows, [], 'both came from the one cat-file');
    assert.equal(await texts.textAt(first, 'src/not there.ts'), undefined);
    assert.equal(shows.length > 0, true, 'what the batch did not find is asked the usual way');
  });

  it('reads cat-file --batch output: blobs by their byte size, missing objects as a header alone', () => {
    const body = 'é\n';
    const out = Buffer.from(`abc blob ${Buffer.byteLength(body)}\n${body}\nx:y missing\ndef blob 0\n\n`);
    assert.deepEqual(parseCatFileBatch(out, 3), [body, undefined, '']);
  });

  it('reads NUL-separated paths, spaces and newlines included', () => {
    assert.deepEqual(sorted(pathsOf('a b.ts\0c\nd.ts\0\0')), ['a b.ts', 'c\nd.ts']);
  });
});
