import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver';
import { LAST_SHOWN_LIMITS, parseLastShown } from '../../../../src/shared/lastShown';
import { sha256Hex } from '../../../../src/server/storage/cache';
import { LastShownWriter, lastShownOf } from '../../../../src/server/views/lastShown';

const FEED = 'https://feed.example.com';
const PROJECT = 'acme';

function ours(line: number, id: string, extra: Partial<Diagnostic> = {}): Diagnostic {
  return {
    range: { start: { line, character: 0 }, end: { line, character: 4 } },
    severity: 1,
    source: 'Findings Lens',
    message: `finding ${id}`,
    code: 'js/sql-injection',
    codeDescription: { href: 'https://docs.example.com/sql' },
    data: { findingId: id },
    ...extra,
  };
}

describe("the open files' last diagnostics, kept for the next start", () => {
  it('keeps each open file that shows diagnostics of ours, with the hash of its text, and reads back as written', () => {
    const open = [
      { uri: 'file:///w/a.ts', text: 'a\nb\n' },
      { uri: 'file:///w/empty.ts', text: 'x' },
      { uri: 'untitled:Untitled-1', text: 'y' },
      { uri: 'file:///w/b.ts', text: 'b' },
    ];
    const diagnostics: Record<string, Diagnostic[]> = {
      'file:///w/a.ts': [
        ours(1, 'f1', { relatedInformation: [{ location: { uri: 'file:///w/c.ts', range: ours(0, 'x').range }, message: 'flow' }] }),
        { ...ours(2, 'other'), data: undefined },
      ],
      'file:///w/empty.ts': [],
      'untitled:Untitled-1': [ours(0, 'u')],
      'file:///w/b.ts': [ours(0, 'f2', { tags: [1], severity: 4, codeDescription: { href: 'http://plain.example.com' } })],
    };
    const kept = lastShownOf(FEED, PROJECT, open, (uri) => diagnostics[uri] ?? [], sha256Hex);
    assert.deepEqual(
      kept.files.map((f) => [f.uri, f.textHash, f.diagnostics.map((d) => d.data.findingId)]),
      [
        ['file:///w/a.ts', sha256Hex('a\nb\n'), ['f1']],
        ['file:///w/b.ts', sha256Hex('b'), ['f2']],
      ],
      'no empty file, no file that is not on disk, no diagnostic without a finding',
    );
    assert.equal('relatedInformation' in kept.files[0]!.diagnostics[0]!, false, 'related locations name other files: not kept');
    assert.equal(kept.files[1]!.diagnostics[0]!.codeDescription, undefined, 'only https links are kept');
    assert.deepEqual(parseLastShown(JSON.stringify(kept), FEED, PROJECT), kept.files);
  });

  it('stays within the limits: a file that would pass them is left out and the next may fit', () => {
    const many = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => ours(i, `${prefix}${i}`));
    const open = [
      { uri: 'file:///w/big.ts', text: '' },
      { uri: 'file:///w/huge.ts', text: '' },
      ...Array.from({ length: 30 }, (_, i) => ({ uri: `file:///w/f${i}.ts`, text: '' })),
    ];
    const sizes: Record<string, number> = { 'file:///w/big.ts': 1_500, 'file:///w/huge.ts': 600 };
    const kept = lastShownOf(FEED, PROJECT, open, (uri) => many(sizes[uri] ?? 1, uri), sha256Hex);
    assert.equal(kept.files.length, LAST_SHOWN_LIMITS.files);
    assert.deepEqual(
      kept.files.slice(0, 2).map((f) => f.uri),
      ['file:///w/big.ts', 'file:///w/f0.ts'],
      'huge.ts would pass 2,000',
    );
    assert.ok(kept.files.reduce((n, f) => n + f.diagnostics.length, 0) <= LAST_SHOWN_LIMITS.diagnostics);
  });

  it('refuses a file of another feed or project, one that is not JSON, over the limits, or with a link that is not https', () => {
    const kept = lastShownOf(FEED, PROJECT, [{ uri: 'file:///w/a.ts', text: 'a' }], () => [ours(0, 'f1')], sha256Hex);
    const text = JSON.stringify(kept);
    assert.deepEqual(parseLastShown(text, 'https://other.example.com', PROJECT), { problem: 'another feed or project' });
    assert.deepEqual(parseLastShown(text, FEED, 'other'), { problem: 'another feed or project' });
    assert.deepEqual(parseLastShown('{"version":1,', FEED, PROJECT), { problem: 'not JSON' });
    const edited = (change: (k: typeof kept) => void) => {
      const copy = structuredClone(kept);
      change(copy);
      return parseLastShown(JSON.stringify(copy), FEED, PROJECT);
    };
    assert.ok('problem' in edited((k) => (k.files[0]!.diagnostics[0]!.codeDescription = { href: 'command:workbench.action.quit' })));
    assert.ok('problem' in edited((k) => (k.files[0]!.uri = 'vscode-remote://elsewhere/a.ts')));
    assert.ok('problem' in edited((k) => (k.files = Array.from({ length: LAST_SHOWN_LIMITS.files + 1 }, () => k.files[0]!))));
    assert.ok(
      'problem' in
        edited(
          (k) =>
            (k.files = Array.from({ length: 3 }, () => ({
              ...k.files[0]!,
              diagnostics: Array.from({ length: 700 }, () => k.files[0]!.diagnostics[0]!),
            }))),
        ),
      'over 2,000 diagnostics in all',
    );
    assert.ok('problem' in edited((k) => ((k.files[0]!.diagnostics[0]!.data as { findingId: string }).findingId = '')));
    assert.deepEqual(
      edited((k) => ((k.files[0]!.diagnostics[0] as { severity: number }).severity = 5)),
      { problem: 'files.0.diagnostics.0.severity: expected one of 1, 2, 3, 4' },
      'the problem names the part',
    );
    assert.ok('problem' in edited((k) => ((k as { version: number }).version = 2)));
    assert.ok('problem' in edited((k) => (k.files[0]!.diagnostics[0]!.range.start.line = -1)));
  });

  describe('the writer', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'fl-shown-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('writes what the open files show once asked to flush, and nothing while no feed is set', async () => {
      const file = path.join(dir, 'shown.json');
      let target: { file: string; feedUrl: string; project: string } | undefined = undefined;
      let text = 'one';
      const writer = new LastShownWriter(
        {
          target: () => target,
          openFiles: () => [{ uri: 'file:///w/a.ts', text }],
          diagnostics: () => [ours(0, 'f1')],
          hash: sha256Hex,
          log: () => undefined,
        },
        60_000,
      );
      writer.changed();
      await writer.flush();
      assert.throws(() => readFileSync(file), /ENOENT/);
      target = { file, feedUrl: FEED, project: PROJECT };
      text = 'two';
      writer.changed();
      await writer.flush();
      const files = parseLastShown(readFileSync(file, 'utf8'), FEED, PROJECT);
      assert.ok(Array.isArray(files));
      assert.equal(files[0]!.textHash, sha256Hex('two'), 'the text as it is when written');
      writer.dispose();
    });
  });
});
