import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BaseTexts, isSafeRequest, parseRenames, type GitRunner } from '../../../../src/server/anchoring/git';

describe('git base texts', () => {
  it('parses renames from git diff --name-status -M', () => {
    const r = parseRenames('M\tsrc/a.ts\nR093\tsrc/old.ts\tsrc/new.ts\nD\tgone.ts\n');
    assert.equal(r.toCurrent.get('src/old.ts'), 'src/new.ts');
    assert.equal(r.toThen.get('src/new.ts'), 'src/old.ts');
    assert.equal(r.toCurrent.size, 1);
  });

  it('refuses commits and paths git could read as options or that leave the repository', () => {
    assert.ok(isSafeRequest('abc1234', 'src/a.ts'));
    for (const [c, p] of [
      ['--output=x', 'a'],
      ['abc1234', '-p'],
      ['abc1234', '../etc/passwd'],
      ['abc1234', '/etc/passwd'],
      ['HEAD', 'a'],
    ] as const) {
      assert.ok(!isSafeRequest(c, p), `${c} ${p}`);
    }
  });

  it('runs git show once per (commit, path), and never for an unsafe request', async () => {
    const calls: string[][] = [];
    const run: GitRunner = async (args) => {
      calls.push(args);
      return { code: 0, stdout: `text of ${args[1]}` };
    };
    const texts = new BaseTexts('/repo', run);
    assert.equal(await texts.textAt('abc1234', 'a.ts'), 'text of abc1234:a.ts');
    assert.equal(await texts.textAt('abc1234', 'a.ts'), 'text of abc1234:a.ts');
    assert.equal(await texts.textAt('--evil', 'a.ts'), undefined);
    assert.deepEqual(calls, [['show', 'abc1234:a.ts']]);
  });

  describe('in a real repository', function () {
    this.timeout(20_000);
    let dir = '';
    let first = '';
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();

    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'anchor-git-'));
      git('init', '-q');
      git('config', 'user.email', 'test@example.com');
      git('config', 'user.name', 'Test');
      writeFileSync(join(dir, 'old.ts'), 'const a = 1;\neval(input);\n');
      git('add', '.');
      git('commit', '-qm', 'first');
      first = git('rev-parse', 'HEAD');
      git('mv', 'old.ts', 'new.ts');
      git('commit', '-qm', 'rename');
      writeFileSync(join(dir, 'new.ts'), '// header\nconst a = 1;\neval(input);\n');
    });

    after(() => rmSync(dir, { recursive: true, force: true }));

    it('reads the file at the commit by its old path or its new one, and says where it is now', async () => {
      const texts = new BaseTexts(dir);
      assert.equal(await texts.textAt(first, 'old.ts'), 'const a = 1;\neval(input);\n');
      assert.equal(await texts.textAt(first, 'new.ts'), 'const a = 1;\neval(input);\n');
      assert.equal(await texts.currentPathOf(first, 'old.ts'), 'new.ts');
      assert.equal(await texts.currentPathOf(first, 'other.ts'), 'other.ts');
    });

    it('answers undefined for a commit the repository does not have', async () => {
      const texts = new BaseTexts(dir);
      assert.equal(await texts.textAt('0123456789abcdef0123456789abcdef01234567', 'old.ts'), undefined);
      assert.equal(await texts.textAt(first, 'missing.ts'), undefined);
    });
  });
});
