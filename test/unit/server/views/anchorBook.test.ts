import * as assert from 'node:assert/strict';
import type { Finding } from '../../../../src/shared/feed';
import { AnchorBook, type AnchorBookDeps } from '../../../../src/server/views/anchorBook';
import { placementOfAnchor } from '../../../../src/server/views/placement';
import { makeFinding } from '../makeFinding';

const URI = 'file:///w/src/db.ts';
const TEXT = [
  'import db from "db";',
  '',
  'export function find(id) {',
  '  return db.query("SELECT * FROM t WHERE id = " + id);',
  '}',
  '',
].join('\n');
const FLAGGED = '  return db.query("SELECT * FROM t WHERE id = " + id);';

/** A book over one in-memory document, with a timer the test fires by hand. */
function setup(opts: { findings?: Finding[]; text?: string; baseOf?: AnchorBookDeps['baseOf'] } = {}) {
  const state = {
    text: opts.text ?? (TEXT as string | undefined),
    findings: opts.findings ?? [makeFinding({ id: 'f1', location: { path: 'src/db.ts', startLine: 4, snippet: FLAGGED } })],
    settled: [] as string[],
    timers: [] as Array<{ run: () => void; cancelled: boolean; ms: number }>,
  };
  const book = new AnchorBook({
    findingsOf: () => state.findings,
    textOf: () => state.text,
    baseOf: opts.baseOf,
    onSettled: (uri) => state.settled.push(uri),
    timer: (run, ms) => {
      const t = { run, cancelled: false, ms };
      state.timers.push(t);
      return { cancel: () => (t.cancelled = true) };
    },
  });
  const pending = () => state.timers.filter((t) => !t.cancelled);
  return { book, state, pending };
}

const insert = (line: number, text: string) => ({ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text });
const removeLines = (from: number, to: number) => ({
  range: { start: { line: from, character: 0 }, end: { line: to, character: 0 } },
  text: '',
});
const lineOf = (book: AnchorBook, id = 'f1') => book.placement(URI, id)?.range.start.line;

describe('anchor book (the anchors of open files)', () => {
  it("anchors an opened file's findings to its text, and holds nothing for a closed one", () => {
    const { book, state } = setup();
    book.rebuild(URI);
    assert.equal(lineOf(book), 3);
    assert.equal(book.placement(URI, 'f1')?.state, 'exact');
    book.close(URI);
    assert.equal(book.placement(URI, 'f1'), undefined);
    state.text = undefined;
    book.rebuild(URI);
    assert.equal(book.holds(URI), false);
  });

  it('finds a finding whose code moved before the file was opened', () => {
    const { book } = setup({ text: `// a\n// b\n// c\n${TEXT}` });
    book.rebuild(URI);
    assert.equal(lineOf(book), 6);
    assert.equal(book.placement(URI, 'f1')?.state, 'moved');
  });

  it('follows lines inserted above, reports the change once, and settles after a pause', () => {
    const { book, state, pending } = setup();
    book.rebuild(URI);
    book.edit(URI, [insert(1, 'a\nb\nc\n')]);
    assert.equal(lineOf(book), 6);
    assert.equal(book.takeChanged(URI), true);
    assert.equal(book.takeChanged(URI), false, 'reported once');
    assert.equal(pending().length, 1);
    assert.equal(pending()[0]!.ms, 750);
    pending()[0]!.run();
    assert.deepEqual(state.settled, [URI], 'the settling pass tells the server the list may be stale');
    assert.equal(lineOf(book), 6);
  });

  it('reports nothing for an edit below every finding', () => {
    const { book } = setup();
    book.rebuild(URI);
    book.edit(URI, [insert(5, '// tail\n')]);
    assert.equal(book.takeChanged(URI), false);
    assert.equal(lineOf(book), 3);
  });

  it('restarts the pause on each edit, and a save settles at once', () => {
    const { book, state, pending } = setup();
    book.rebuild(URI);
    book.edit(URI, [insert(0, 'x\n')]);
    book.edit(URI, [insert(0, 'y\n')]);
    assert.equal(pending().length, 1, 'only the latest pause is pending');
    book.settle(URI);
    assert.equal(pending().length, 0);
    assert.deepEqual(state.settled, [URI]);
    assert.equal(lineOf(book), 5);
  });

  it('applies several changes of one didChange in order', () => {
    const { book } = setup();
    book.rebuild(URI);
    book.edit(URI, [insert(0, 'x\ny\n'), removeLines(0, 1)]);
    assert.equal(lineOf(book), 4);
  });

  it('loses a finding whose line is deleted, and finds it again when it comes back', () => {
    const { book } = setup();
    book.rebuild(URI);
    book.edit(URI, [removeLines(3, 4)]);
    assert.equal(book.placement(URI, 'f1')?.state, 'lost');
    assert.equal(book.takeChanged(URI), true);
    book.edit(URI, [insert(3, `${FLAGGED}\n`)]);
    assert.equal(book.placement(URI, 'f1')?.state, 'exact');
    assert.equal(lineOf(book), 3);
  });

  it('re-anchors everything on a full-text change', () => {
    const { book } = setup();
    book.rebuild(URI);
    book.edit(URI, [{ text: `\n\n${TEXT}` }]);
    assert.equal(lineOf(book), 5);
    assert.equal(book.takeChanged(URI), true);
  });

  it("rebuilds from the current text when the feed changes the file's findings", () => {
    const { book, state } = setup();
    book.rebuild(URI);
    state.findings = [
      ...state.findings,
      makeFinding({ id: 'f2', location: { path: 'src/db.ts', startLine: 3, snippet: 'export function find(id) {' } }),
    ];
    state.text = `// new\n${TEXT}`;
    book.rebuild(URI);
    assert.equal(lineOf(book, 'f2'), 3);
    assert.equal(lineOf(book, 'f1'), 4);
    state.findings = [];
    book.rebuild(URI);
    assert.equal(book.holds(URI), false, 'a file without findings holds no anchors');
  });

  it('close and dispose cancel the pending pause', () => {
    const { book, pending } = setup();
    book.rebuild(URI);
    book.edit(URI, [insert(0, 'x\n')]);
    book.close(URI);
    assert.equal(pending().length, 0);
    book.rebuild(URI);
    book.edit(URI, [insert(0, 'x\n')]);
    book.dispose();
    assert.equal(pending().length, 0);
  });

  it('ignores edits of files it does not hold', () => {
    const { book, pending } = setup();
    book.edit(URI, [insert(0, 'x\n')]);
    assert.equal(book.takeChanged(URI), false);
    assert.equal(pending().length, 0);
  });

  describe("with the file at the finding's commit", () => {
    const commit = 'abc1234def';
    // No snippet: the engine reads the flagged line from the commit's text.
    const finding = makeFinding({ id: 'f1', commit, location: { path: 'src/db.ts', startLine: 4 } });

    it('runs again with the base text and tells the server when an anchor moved', async () => {
      let answer!: (text: string | undefined) => void;
      const base = new Promise<string | undefined>((resolve) => (answer = resolve));
      const { book, state } = setup({ findings: [finding], text: `// one\n// two\n${TEXT}`, baseOf: () => base });
      book.rebuild(URI);
      assert.equal(lineOf(book), 3, 'without the base, a finding without snippet stays on its line');
      answer(TEXT);
      await base;
      await new Promise<void>((resolve) => setImmediate(resolve));
      assert.deepEqual(state.settled, [URI]);
      assert.equal(lineOf(book), 5, 'the diff against the commit moves it with its code');
      assert.equal(book.placement(URI, 'f1')?.state, 'moved');
    });

    it('drops a base text that arrives after the file was closed or rebuilt', async () => {
      let answer!: (text: string | undefined) => void;
      const base = new Promise<string | undefined>((resolve) => (answer = resolve));
      const { book, state } = setup({ findings: [finding], text: `// one\n// two\n${TEXT}`, baseOf: () => base });
      book.rebuild(URI);
      book.close(URI);
      answer(TEXT);
      await base;
      await new Promise<void>((resolve) => setImmediate(resolve));
      assert.deepEqual(state.settled, []);
      assert.equal(book.holds(URI), false);
    });
  });
});

describe('placementOfAnchor', () => {
  it('keeps the range, state, confidence and reason of an engine anchor', () => {
    const p = placementOfAnchor({
      range: { startLine: 2, startCharacter: 1, endLine: 3, endCharacter: 4 },
      state: 'uncertain',
      confidence: 0.5,
      reason: 'best guess',
    });
    assert.deepEqual(p, {
      range: { start: { line: 2, character: 1 }, end: { line: 3, character: 4 } },
      state: 'uncertain',
      confidence: 0.5,
      reason: 'best guess',
    });
  });
});
