import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newToOldFromBlame, oldToNew } from '../../../../scripts/anchor-cases/blame';
import { casesOfFile, categoryOf, expectationOf, looksFlaggable, sample, seeded } from '../../../../scripts/anchor-cases/cases';
import { keptByDiff, parseHunks, type Hunk } from '../../../../scripts/anchor-cases/hunks';
import { parseOptions } from '../../../../scripts/anchor-cases/options';
import { SquashedText } from '../../../../scripts/anchor-cases/squashed';
import { Tracking, type FileHistory } from '../../../../scripts/anchor-cases/truth';

const OLD = 'a'.repeat(40);
const LATER = 'b'.repeat(40);

describe('anchoring cases from git history: reading git', () => {
  it('reads blame porcelain: lines from the old commit and path keep their old line; others are -1', () => {
    const porcelain = [
      `${OLD} 3 1 2`,
      'author x',
      'boundary',
      'filename src/a.ts',
      '\tfirst',
      `${OLD} 4 2`,
      '\tsecond',
      `${LATER} 1 3 1`,
      'author y',
      'filename src/a.ts',
      '\tnew line',
      `${OLD} 9 4 1`,
      'filename src/other.ts',
      '\tcopied from another file',
    ].join('\n');
    assert.deepEqual([...newToOldFromBlame(porcelain, OLD, 'src/a.ts', 5)], [2, 3, -1, -1, -1]);
  });

  it('marks an old line that became several new ones (copies) as -2', () => {
    assert.deepEqual([...oldToNew(Int32Array.from([0, -1, 1, 1]), 3)], [0, -2, -1]);
  });

  it('parses hunk headers, counts omitted or zero', () => {
    const diff = [
      'diff --git a/x b/x',
      '@@ -5,0 +6,2 @@ context',
      '+a',
      '+b',
      '@@ -8,2 +9,0 @@',
      '-c',
      '-d',
      '@@ -12 +11 @@',
      '-e',
      '+f',
    ].join('\n');
    assert.deepEqual(parseHunks(diff), [
      { oldStart: 5, oldCount: 0, newStart: 5, newCount: 2 },
      { oldStart: 7, oldCount: 2, newStart: 9, newCount: 0 },
      { oldStart: 11, oldCount: 1, newStart: 10, newCount: 1 },
    ]);
  });

  it('maps the lines a diff keeps, shifted by the hunks above them', () => {
    const hunks: Hunk[] = [
      { oldStart: 1, oldCount: 0, newStart: 1, newCount: 2 },
      { oldStart: 3, oldCount: 1, newStart: 5, newCount: 0 },
    ];
    assert.deepEqual([...keptByDiff(hunks, 6)], [0, 3, 4, -1, 5, 6]);
  });

  it("finds a line's text wherever it stands, whitespace-blind: alone, in a longer line, wrapped", () => {
    const text = new SquashedText(['a = f(x)', 'b = a = f(x) + 1', 'call(', '  a = f(x))']);
    assert.deepEqual(text.linesOf('a=f(x)'), [0, 1, 3]);
  });
});

/** A history whose blame and hunks are given by hand, as git would give them. */
function history(oldLines: string[], newLines: string[], newToOld: number[], hunks: Hunk[]): FileHistory {
  return { oldLines, newLines, newToOld: Int32Array.from(newToOld), hunks };
}

describe('anchoring cases from git history: what became of a line', () => {
  const oldLines = [
    'import x',
    'function one() {',
    '  const v = compute(1);',
    '  return v;',
    '}',
    'function two() {',
    '  send(data);',
    '  const w = compute(2);',
    '}',
  ];

  it('tracks a kept line, and calls it moved when the direct diff did not keep it', () => {
    // function two moved above function one.
    const newLines = [
      'import x',
      'function two() {',
      '  send(data);',
      '  const w = compute(2);',
      '}',
      'function one() {',
      '  const v = compute(1);',
      '  return v;',
      '}',
    ];
    const blame = [0, 5, 6, 7, 8, 1, 2, 3, 4];
    const hunks = [
      { oldStart: 1, oldCount: 0, newStart: 1, newCount: 4 },
      { oldStart: 5, oldCount: 4, newStart: 9, newCount: 0 },
    ];
    const t = new Tracking(history(oldLines, newLines, blame, hunks));
    assert.deepEqual(t.fateOf(2, 2), { kind: 'tracked', start: 6, end: 6, moved: false, edited: false });
    assert.deepEqual(t.fateOf(6, 6), { kind: 'tracked', start: 2, end: 2, moved: true, edited: false });
  });

  it('pairs a line rewritten one for one between unchanged neighbours, and says whether it kept its words', () => {
    const newLines = [...oldLines];
    newLines[2] = '  const v = compute(1, options);';
    newLines[7] = '  const total = sum(all);';
    const blame = [0, 1, -1, 3, 4, 5, 6, -1, 8];
    const hunks = [
      { oldStart: 2, oldCount: 1, newStart: 2, newCount: 1 },
      { oldStart: 7, oldCount: 1, newStart: 7, newCount: 1 },
    ];
    const t = new Tracking(history(oldLines, newLines, blame, hunks));
    assert.deepEqual(t.fateOf(2, 2), { kind: 'edited', start: 2, end: 2, alike: true });
    assert.deepEqual(t.fateOf(7, 7), { kind: 'edited', start: 7, end: 7, alike: false });
  });

  it('calls a line deleted only when a hunk deleted it outright and no new code has its text', () => {
    const newLines = oldLines.filter((_, i) => i !== 6);
    const t = new Tracking(history(oldLines, newLines, [0, 1, 2, 3, 4, 5, 7, 8], [{ oldStart: 6, oldCount: 1, newStart: 6, newCount: 0 }]));
    assert.deepEqual(t.fateOf(6, 6), { kind: 'deleted' });
    // The same deletion, but the line was written again elsewhere by a later commit: maybe a move git missed.
    const again = [...newLines, '  send(data);'];
    const t2 = new Tracking(
      history(
        oldLines,
        again,
        [0, 1, 2, 3, 4, 5, 7, 8, -1],
        [
          { oldStart: 6, oldCount: 1, newStart: 6, newCount: 0 },
          { oldStart: 9, oldCount: 0, newStart: 8, newCount: 1 },
        ],
      ),
    );
    assert.equal(t2.fateOf(6, 6).kind, 'ambiguous');
    // Deleted in a hunk that also adds lines: it may be there, rewritten.
    const rewritten = [...oldLines.slice(0, 6), '  if (ready) {', '    transmit(data);', '  }', ...oldLines.slice(7)];
    const t3 = new Tracking(
      history(oldLines, rewritten, [0, 1, 2, 3, 4, 5, -1, -1, -1, 7, 8], [{ oldStart: 6, oldCount: 1, newStart: 6, newCount: 3 }]),
    );
    assert.deepEqual(t3.fateOf(6, 6), { kind: 'ambiguous', why: 'rewritten in a hunk of another size' });
  });

  it('drops repeated text unless a telling neighbour travelled with it', () => {
    const old = ['alpha()', '  check(x);', 'beta()', 'gamma()', '  check(x);', 'delta()'];
    const now = ['alpha()', '  check(x);', 'beta()', 'gamma()', 'epsilon()', '  check(x);', 'delta()'];
    // Blame pairs the second check with its old line, but neither neighbour came along (gamma() at 3, delta() at 6).
    const odd = new Tracking(history(old, now, [0, 4, 2, 3, -1, 1, 5], [{ oldStart: 4, oldCount: 0, newStart: 4, newCount: 1 }]));
    assert.equal(odd.fateOf(4, 4).kind, 'ambiguous');
    const fine = new Tracking(history(old, now, [0, 1, 2, 3, -1, 4, 5], [{ oldStart: 4, oldCount: 0, newStart: 4, newCount: 1 }]));
    assert.deepEqual(fine.fateOf(4, 4), { kind: 'tracked', start: 5, end: 5, moved: false, edited: false });
  });

  it('follows a three-line finding whose middle line was edited in place', () => {
    const newLines = [...oldLines];
    newLines[6] = '  send(data, retries);';
    const t = new Tracking(
      history(oldLines, newLines, [0, 1, 2, 3, 4, 5, -1, 7, 8], [{ oldStart: 6, oldCount: 1, newStart: 6, newCount: 1 }]),
    );
    assert.deepEqual(t.fateOf(5, 7), { kind: 'tracked', start: 5, end: 7, moved: false, edited: true });
  });
});

describe('anchoring cases from git history: cases', () => {
  it('looks for lines a scanner might flag: code that does something, not comments or braces', () => {
    assert.ok(looksFlaggable('  const user = db.find(req.query.id);'));
    assert.ok(looksFlaggable('    subprocess.call(cmd, shell=True)'));
    assert.ok(!looksFlaggable('  // const user = db.find(id);'));
    assert.ok(!looksFlaggable('  # subprocess.call(cmd)'));
    assert.ok(!looksFlaggable('  });'));
    assert.ok(!looksFlaggable('  return value'));
  });

  it('sorts a case into the hardest category that fits, and says what it expects', () => {
    const tracked = { kind: 'tracked', start: 4, end: 4, moved: true, edited: false } as const;
    assert.equal(categoryOf(tracked, true, true), 'git-duplicated-old');
    assert.equal(categoryOf(tracked, false, true), 'git-duplicated-new');
    assert.equal(categoryOf(tracked, false, false), 'git-moved');
    assert.equal(categoryOf({ ...tracked, moved: false }, false, false), 'git-shifted');
    assert.equal(categoryOf({ kind: 'edited', start: 1, end: 1, alike: true }, false, false), 'git-edited');
    assert.equal(categoryOf({ kind: 'deleted' }, false, false), 'git-deleted');
    assert.deepEqual(expectationOf(tracked), { expected: { startLine: 4, endLine: 4 } });
    assert.deepEqual(expectationOf({ kind: 'edited', start: 1, end: 1, alike: false }), {
      expected: 'lost',
      acceptUncertainAt: { startLine: 1, endLine: 1 },
    });
    assert.deepEqual(expectationOf({ kind: 'deleted' }), { expected: 'lost' });
  });

  it('builds cases in the corpus shape, with the snippet and line hash a code-scanning feed sends', () => {
    const oldLines = ['import x', 'function one() {', '  const v = compute(1);', '  return v;', '}', ''];
    const newLines = ['import x', '', 'function one() {', '  const v = compute(1);', '  return v;', '}', ''];
    const file = {
      ...history(oldLines, newLines, [0, -1, 1, 2, 3, 4, 5], [{ oldStart: 1, oldCount: 0, newStart: 1, newCount: 1 }]),
      oldPath: 'a.ts',
      newPath: 'b.ts',
      oldSha: OLD,
      oldText: oldLines.join('\n'),
      newText: newLines.join('\n'),
    };
    const { cases } = casesOfFile(file, { perFile: 3, controls: 1, random: seeded(1) });
    const c = cases.find((k) => k.category === 'git-shifted')!;
    assert.equal(c.location.startLine, 3);
    assert.equal(c.location.snippet, 'const v = compute(1);');
    assert.match(c.location.lineHash, /^[0-9a-f]+:1$/);
    assert.deepEqual(c.expected, { startLine: 3, endLine: 3 });
    assert.equal(c.currentPath, 'b.ts');
    assert.equal(c.commit, OLD);
  });

  it('samples the same way every time for a seed', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    assert.deepEqual(sample(items, 5, seeded(7)), sample(items, 5, seeded(7)));
    assert.equal(sample(items, 5, seeded(7)).length, 5);
    assert.deepEqual(sample([1, 2], 5, seeded(7)), [1, 2]);
  });

  it('parses its command line, naming a bad option', () => {
    const o = parseOptions(['/repo', '--since', '2024-01-01', '--per-file', '2', '--ext', '.py, go']);
    assert.equal(o.repo, '/repo');
    assert.equal(o.perFile, 2);
    assert.deepEqual([...o.extensions], ['py', 'go']);
    assert.throws(() => parseOptions(['/repo']), /exactly one of --since and --old/);
    assert.throws(() => parseOptions(['/repo', '--old', 'HEAD~3', '--per-file', 'many']), /--per-file must be a whole number/);
    assert.equal(parseOptions(['/repo', '--old', 'HEAD~3', '--controls', '0']).controls, 0);
    assert.throws(() => parseOptions(['/repo', '--old', 'HEAD~3', '--frobnicate', '1']), /unknown option --frobnicate/);
  });
});

describe('anchoring cases from git history: the script on a real repository', function () {
  this.timeout(30_000);
  it("writes cases judged by git's own tracking", () => {
    const dir = mkdtempSync(join(tmpdir(), 'fl-anchor-cases-'));
    try {
      const git = (...args: string[]) =>
        execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd: dir, encoding: 'utf8' });
      const body = (extra: string) =>
        [
          'def load(path):',
          '    data = open(path).read()',
          '    return parse(data)',
          '',
          extra,
          'def save(path, data):',
          '    write_all(path, data)',
          '',
        ].join('\n');
      git('init', '-q');
      writeFileSync(join(dir, 'm.py'), body(''));
      git('add', 'm.py');
      git('commit', '-q', '-m', 'one');
      writeFileSync(join(dir, 'm.py'), '# header\n# more\n' + body('# between'));
      git('commit', '-q', '-am', 'two');
      const out = execFileSync(
        process.execPath,
        [require.resolve('tsx/cli'), join(__dirname, '../../../../scripts/anchor-cases-from-git.ts'), dir, '--old', 'HEAD~1'],
        { encoding: 'utf8' },
      );
      const cases = out
        .trim()
        .split('\n')
        .map(
          (l) => JSON.parse(l) as { location: { snippet: string }; currentText: string; expected: { startLine: number; endLine: number } },
        );
      assert.ok(cases.length >= 2, out);
      for (const c of cases) {
        const at = c.currentText
          .split('\n')
          .slice(c.expected.startLine, c.expected.endLine + 1)
          .map((l) => l.trim());
        assert.equal(at.join('\n'), c.location.snippet, 'each flagged line is where git says, two lines down');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
