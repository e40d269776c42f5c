import { strict as assert } from 'node:assert';
import { Finding } from '../../../../src/shared/feed';
import { mapped, resultAt } from './logs';

const change = (uri: string, replacements: unknown[]) => ({ artifactLocation: { uri }, replacements });
const replace = (deletedRegion: Record<string, unknown>, text?: string) => ({
  deletedRegion,
  ...(text !== undefined ? { insertedContent: { text } } : {}),
});
const withFixes = (fixes: unknown[], run: Record<string, unknown> = {}) => mapped([resultAt('src/db.js', 12, { fixes })], run);

describe('SARIF fixes as suggested fixes', () => {
  it('keep the description and, per repository file, each replacement: region deleted and text inserted', () => {
    const fix = {
      description: { text: 'Use a parameterised query' },
      artifactChanges: [
        change('src/db.js', [
          replace({ startLine: 12, startColumn: 15, endColumn: 40 }, '$1'),
          replace({ startLine: 3, startColumn: 1, endColumn: 1 }, "import { sql } from './sql';\n"),
        ]),
        change('file:///home/dev/repo/src/sql.js', [replace({ startLine: 1 })]),
      ],
    };
    const log = mapped(
      [resultAt('src/db.js', 12, { fixes: [fix, { artifactChanges: [change('src/db.js', [replace({ startLine: 7 }, 'y')])] }] })],
      {},
      { checkoutUri: 'file:///home/dev/repo/' },
    );
    assert.deepEqual(log.setAside, []);
    assert.deepEqual(log.findings[0]!.finding.fixes, [
      {
        description: 'Use a parameterised query',
        files: [
          {
            path: 'src/db.js',
            replacements: [
              { deletedRegion: { startLine: 12, startColumn: 15, endColumn: 40 }, insertedText: '$1' },
              { deletedRegion: { startLine: 3, startColumn: 1, endColumn: 1 }, insertedText: "import { sql } from './sql';\n" },
            ],
          },
          { path: 'src/sql.js', replacements: [{ deletedRegion: { startLine: 1 }, insertedText: '' }] },
        ],
      },
      {
        description: 'Suggested fix',
        files: [{ path: 'src/db.js', replacements: [{ deletedRegion: { startLine: 7 }, insertedText: 'y' }] }],
      },
    ]);
  });

  it('set a fix aside whole, with its reason, when a part of it cannot be placed exactly; the finding stays', () => {
    const good = { description: { text: 'good' }, artifactChanges: [change('src/db.js', [replace({ startLine: 12 }, 'ok();')])] };
    const log = withFixes([
      { artifactChanges: [change('src/db.js', [replace({ charOffset: 310, charLength: 8 }, 'x')])] },
      { artifactChanges: [change('src/db.js', [{ deletedRegion: { startLine: 2 }, insertedContent: { binary: 'AAEC' } }])] },
      {
        artifactChanges: [
          change('src/db.js', [
            replace({ startLine: 4, startColumn: 1, endColumn: 9 }, 'a'),
            replace({ startLine: 4, startColumn: 5, endColumn: 6 }, 'b'),
          ]),
        ],
      },
      { artifactChanges: [change('../outside.js', [replace({ startLine: 1 }, 'x')])] },
      good,
    ]);
    assert.deepEqual(
      log.setAside.map((s) => s.reason),
      [
        'fix 1: a replacement in src/db.js: its deleted region cannot be placed: the region is given by character offsets only (charOffset), and line numbers need the file: upload with the CLI, which adds them',
        'fix 2: a replacement in src/db.js inserts binary content',
        'fix 3: its replacements in src/db.js overlap',
        'fix 4: "../outside.js" climbs out of the repository',
      ],
    );
    assert.deepEqual(
      log.findings[0]!.finding.fixes?.map((f) => f.description),
      ['good'],
    );
  });

  it('need the line to convert columns counted in code points', () => {
    const log = withFixes([{ artifactChanges: [change('src/db.js', [replace({ startLine: 2, startColumn: 3, endColumn: 5 }, 'x')])] }], {
      columnKind: 'unicodeCodePoints',
    });
    assert.match(log.setAside[0]!.reason, /columns are counted in code points, and the log does not carry the line/);
  });

  it('are bounded: at most 5 per finding, 20 files, 100 replacements a file', () => {
    const one = { artifactChanges: [change('src/db.js', [replace({ startLine: 1 }, '')])] };
    const manyFiles = { artifactChanges: Array.from({ length: 21 }, (_, i) => change(`src/f${i}.js`, [replace({ startLine: 1 }, '')])) };
    const manyEdits = {
      artifactChanges: [
        change(
          'src/db.js',
          Array.from({ length: 101 }, (_, i) => replace({ startLine: i + 1 }, '')),
        ),
      ],
    };
    const log = withFixes([manyFiles, manyEdits, one, one, one, one, one, one]);
    assert.equal(log.findings[0]!.finding.fixes?.length, 5);
    assert.deepEqual(
      log.setAside.map((s) => s.reason),
      [
        'fix 1: it changes 21 files, more than 20',
        'fix 2: files.0.replacements: Too big: expected array to have <=100 items',
        'fix 8: the finding already has 5 fixes',
      ],
    );
  });

  it('are optional in the contract, which bounds them, and a client that does not know them strips them', () => {
    const finding = {
      ...mapped([resultAt('src/db.js', 1, { fixes: [{ artifactChanges: [change('src/db.js', [replace({ startLine: 1 }, 'x')])] }] })])
        .findings[0]!.finding,
      revision: '1',
      status: 'open',
      createdAt: 't',
      updatedAt: 't',
    };
    assert.ok(Finding.safeParse(finding).success);
    const tooMany = { ...finding, fixes: Array.from({ length: 6 }, () => finding.fixes![0]) };
    assert.equal(Finding.safeParse(tooMany).success, false);
    const older = Finding.omit({ fixes: true });
    assert.equal('fixes' in older.parse(finding), false);
  });
});
