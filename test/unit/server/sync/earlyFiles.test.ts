import { strict as assert } from 'node:assert';
import { EarlyFiles } from '../../../../src/server/sync/earlyFiles';
import type { KeptPage } from '../../../../src/server/feed/sync';

/** Findings as `path#id`: the path is what comes before the #. */
const pathOf = (f: string) => f.slice(0, f.lastIndexOf('#'));
const page = (n: number, kept: string[], opts: { order?: 'path' | undefined; last?: boolean } = {}): KeptPage<string> => ({
  n,
  kept,
  order: 'order' in opts ? opts.order : 'path',
  last: opts.last ?? false,
});
const complete = (step: ReturnType<EarlyFiles<string>['take']>) => {
  assert.equal(step.kind, 'complete', JSON.stringify(step));
  return step.kind === 'complete' ? step.findings : [];
};

describe('server: the files a path-ordered sync has complete (earlyFiles)', () => {
  it('hands on the files strictly before the last path seen, and holds the last one, which may go on', () => {
    const files = new EarlyFiles(pathOf);
    assert.deepEqual(complete(files.take(page(1, ['a.ts#1', 'b.ts#2', 'b.ts#3']))), ['a.ts#1']);
    assert.deepEqual(complete(files.take(page(2, ['b.ts#4', 'c.ts#5', 'c.ts#6']))), ['b.ts#2', 'b.ts#3', 'b.ts#4']);
    assert.deepEqual(complete(files.take(page(3, ['c.ts#7']))), [], 'c.ts still goes on');
    assert.deepEqual(complete(files.take(page(4, []))), [], 'an empty page (every finding set aside) completes nothing');
    assert.deepEqual(complete(files.take(page(5, ['d.ts#8']))), ['c.ts#5', 'c.ts#6', 'c.ts#7']);
    assert.equal(files.stopped, undefined);
  });

  it('orders astral paths as the feed does: U+FF21 before U+1F600, though JavaScript’s < says otherwise', () => {
    const files = new EarlyFiles(pathOf);
    const fullwidth = 'src/\uff21.ts';
    const astral = 'src/\u{1f600}.ts';
    assert.deepEqual(complete(files.take(page(1, [`${fullwidth}#1`, `${astral}#2`]))), [`${fullwidth}#1`]);
    const reversed = new EarlyFiles(pathOf);
    assert.equal(reversed.take(page(1, [`${astral}#2`, `${fullwidth}#1`])).kind, 'stopped');
  });

  it('stops, with a warning, at a page out of order, within a page or across two, and hands on nothing more', () => {
    const within = new EarlyFiles(pathOf);
    const step = within.take(page(1, ['b.ts#1', 'a.ts#2']));
    assert.deepEqual(step, { kind: 'stopped', why: 'page 1 of the path-ordered listing has "a.ts" after "b.ts"', warn: true });
    const across = new EarlyFiles(pathOf);
    assert.deepEqual(complete(across.take(page(1, ['a.ts#1', 'c.ts#2']))), ['a.ts#1']);
    assert.equal(across.take(page(2, ['b.ts#3', 'd.ts#4'])).kind, 'stopped');
    assert.deepEqual(complete(across.take(page(3, ['e.ts#5', 'f.ts#6']))), [], 'c.ts was held: never handed on');
    assert.match(across.stopped ?? '', /page 2/);
  });

  it('stops quietly when the feed does not say the first page is in path order, with a warning when a later page stops saying it', () => {
    const ignored = new EarlyFiles(pathOf);
    assert.deepEqual(ignored.take(page(1, ['b.ts#1', 'a.ts#2'], { order: undefined })), {
      kind: 'stopped',
      why: 'the feed does not serve the list in path order',
      warn: false,
    });
    const dropped = new EarlyFiles(pathOf);
    complete(dropped.take(page(1, ['a.ts#1', 'b.ts#2'])));
    assert.deepEqual(dropped.take(page(2, ['c.ts#3'], { order: undefined })), {
      kind: 'stopped',
      why: 'page 2 no longer says it is in path order',
      warn: true,
    });
  });

  it('stops when the sync starts again (a retry): what was handed on is not handed on twice', () => {
    const files = new EarlyFiles(pathOf);
    assert.deepEqual(complete(files.take(page(1, ['a.ts#1', 'b.ts#2']))), ['a.ts#1']);
    assert.deepEqual(files.take(page(1, ['a.ts#1', 'b.ts#2'])), { kind: 'stopped', why: 'the sync started again', warn: false });
    assert.deepEqual(complete(files.take(page(2, ['c.ts#3']))), []);
  });
});
