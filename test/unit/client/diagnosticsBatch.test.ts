import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { DiagnosticsBatch, firstChunk, MAX_PER_SET, PER_SET, WINDOW_MS, type BatchClock } from '../../../src/client/diagnosticsBatch';

/** A clock the test moves by hand: timers run when their time has come. */
class ManualClock implements BatchClock {
  private time = 1_000;
  private timers: Array<{ at: number; run: () => void; id: number }> = [];
  private ids = 0;
  now(): number {
    return this.time;
  }
  setTimeout(run: () => void, ms: number): unknown {
    this.ids += 1;
    this.timers.push({ at: this.time + ms, run, id: this.ids });
    return this.ids;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  advance(ms: number): void {
    this.time += ms;
    for (const timer of this.timers.filter((t) => t.at <= this.time)) {
      this.clearTimeout(timer.id);
      timer.run();
    }
  }
}

const uri = (path: string) => ({ toString: () => `file://${path}` }) as unknown as vscode.Uri;
const diagnostic = (message: string) => ({ message }) as vscode.Diagnostic;

function setup() {
  const clock = new ManualClock();
  const sets: Array<Array<[string, string[]]>> = [];
  let collection: Pick<vscode.DiagnosticCollection, 'set'> | undefined = {
    set: ((entries: ReadonlyArray<[vscode.Uri, readonly vscode.Diagnostic[]]>) =>
      sets.push(entries.map(([u, ds]) => [u.toString(), ds.map((d) => d.message)]))) as unknown as vscode.DiagnosticCollection['set'],
  };
  const told: string[][] = [];
  const batch = new DiagnosticsBatch(
    () => collection,
    clock,
    (uris) => told.push(uris.map(String)),
  );
  return { clock, sets, told, batch, removeCollection: () => (collection = undefined) };
}

describe('DiagnosticsBatch', () => {
  it('sets the first file on the next turn, and the files that follow within the window in one call', () => {
    const { clock, sets, batch } = setup();
    batch.add(uri('/a.ts'), [diagnostic('a1')]);
    assert.equal(sets.length, 0, 'never inside the language client’s own call');
    clock.advance(0);
    assert.deepEqual(sets, [[['file:///a.ts', ['a1']]]]);
    const follow = PER_SET - 10;
    for (let i = 0; i < follow; i++) batch.add(uri(`/f${i}.ts`), [diagnostic(`f${i}`)]);
    clock.advance(WINDOW_MS - 1);
    assert.equal(sets.length, 1, 'the next batch waits for the window');
    clock.advance(1);
    assert.equal(sets.length, 2);
    assert.equal(sets[1]!.length, follow, 'the files that followed, in one call');
  });

  it("never gives the editor more than it shows in one call (VS Code drops a call's files past 1,100 diagnostics), one call per turn", () => {
    const { clock, sets, batch } = setup();
    // 2,000 files of 50 (100,000 findings over the editor bench's workspace): PER_SET / 50 files fit in a call.
    for (let i = 0; i < 2_000; i++)
      batch.add(
        uri(`/f${i}.ts`),
        Array.from({ length: 50 }, (_, k) => diagnostic(`f${i}-${k}`)),
      );
    const calls = Math.ceil(2_000 / Math.floor(PER_SET / 50));
    for (let turn = 1; turn <= calls; turn++) {
      clock.advance(0);
      assert.equal(sets.length, turn, `turn ${turn}: one call, the next waits for the next turn`);
    }
    clock.advance(WINDOW_MS * 2);
    assert.equal(sets.length, calls, 'nothing more once all is set');
    assert.ok(PER_SET <= MAX_PER_SET, 'never more than VS Code passes on from one call');
    for (const call of sets) assert.ok(call.reduce((n, [, ds]) => n + ds.length, 0) <= PER_SET);
    assert.deepEqual(
      sets.flat().map(([u]) => u),
      Array.from({ length: 2_000 }, (_, i) => `file:///f${i}.ts`),
      'every file, each once, in the order they came',
    );
  });

  it('lets files that come while calls remain join them, and a file published again keeps its place with its newest diagnostics', () => {
    const { clock, sets, batch } = setup();
    // One call's worth of files of 50, and four more.
    const files = Math.floor(PER_SET / 50) + 4;
    for (let i = 0; i < files; i++)
      batch.add(
        uri(`/f${i}.ts`),
        Array.from({ length: 50 }, () => diagnostic(`f${i}`)),
      );
    clock.advance(0);
    assert.equal(sets.length, 1);
    const again = `f${files - 2}`;
    batch.add(uri(`/${again}.ts`), [diagnostic(`${again} again`)]);
    batch.add(uri('/late.ts'), [diagnostic('late')]);
    clock.advance(0);
    assert.equal(sets.length, 2, 'the rest and the newcomers on the next turn, without waiting for the window');
    const second = new Map(sets[1]);
    assert.deepEqual(second.get(`file:///${again}.ts`), [`${again} again`]);
    assert.deepEqual(second.get('file:///late.ts'), ['late']);
    assert.equal([...second.keys()].at(-1), 'file:///late.ts');
  });

  it('cuts a call by diagnostics, a file over the limit going alone', () => {
    const entry = (n: number): [string, number[]] => [`f${n}`, Array.from({ length: n }, (_, k) => k)];
    const sizes = (chunk: Array<[string, number[]]>) => chunk.map(([, ds]) => ds.length);
    const [most, rest] = [PER_SET - 50, 50];
    assert.deepEqual(sizes(firstChunk([entry(most), entry(rest), entry(1), entry(1_500)])), [most, rest]);
    assert.deepEqual(sizes(firstChunk([entry(PER_SET + 100), entry(1)])), [PER_SET + 100]);
    assert.deepEqual(sizes(firstChunk([entry(1), entry(1_500), entry(3)])), [1]);
    assert.deepEqual(sizes(firstChunk([entry(1_500), entry(3)])), [1_500]);
    assert.deepEqual(sizes(firstChunk([entry(3), entry(0)])), [3, 0]);
    assert.deepEqual(firstChunk([]), []);
  });

  it("keeps a file's newest diagnostics when it is published twice in a batch", () => {
    const { clock, sets, batch } = setup();
    batch.add(uri('/a.ts'), [diagnostic('old')]);
    batch.add(uri('/a.ts'), [diagnostic('new'), diagnostic('second')]);
    batch.add(uri('/b.ts'), []);
    clock.advance(0);
    assert.deepEqual(sets, [
      [
        ['file:///a.ts', ['new', 'second']],
        ['file:///b.ts', []],
      ],
    ]);
  });

  it('tells which files each call set, so what was kept from the last start makes way for them', () => {
    const { clock, told, batch } = setup();
    batch.add(uri('/a.ts'), [diagnostic('a1')]);
    assert.deepEqual(told, [], 'not before they are set');
    clock.advance(0);
    batch.add(uri('/b.ts'), []);
    batch.add(uri('/c.ts'), [diagnostic('c1')]);
    clock.advance(WINDOW_MS);
    assert.deepEqual(told, [['file:///a.ts'], ['file:///b.ts', 'file:///c.ts']]);
  });

  it('drops what is pending when the server stops, and sets nothing once the client has no collection', () => {
    const { clock, sets, told, batch, removeCollection } = setup();
    batch.add(uri('/a.ts'), [diagnostic('a1')]);
    batch.drop();
    clock.advance(WINDOW_MS * 2);
    assert.deepEqual(sets, []);
    batch.add(uri('/b.ts'), [diagnostic('b1')]);
    removeCollection();
    clock.advance(WINDOW_MS * 2);
    assert.deepEqual(sets, []);
    assert.deepEqual(told, [], 'nothing set, nothing told');
  });

  describe('files the server sent together (addNow)', () => {
    const settled = async (promise: Promise<void>) => {
      let done = false;
      void promise.then(() => (done = true));
      await Promise.resolve();
      await Promise.resolve();
      return done;
    };

    it('sets them on the next turn without waiting for the window, and resolves once all are set', async () => {
      const { clock, sets, batch } = setup();
      batch.add(uri('/a.ts'), [diagnostic('a1')]);
      clock.advance(0);
      const many = Array.from(
        { length: 3 },
        (_, i) => [uri(`/m${i}.ts`), Array.from({ length: 600 }, () => diagnostic(`m${i}`))] as [vscode.Uri, vscode.Diagnostic[]],
      );
      const taken = batch.addNow(many);
      assert.equal(await settled(taken), false, 'not before anything is set');
      clock.advance(0);
      assert.deepEqual(
        sets.slice(1).map((set) => set.map(([u]) => u)),
        [['file:///m0.ts']],
        'the window after the last set is not waited for; one call takes at most PER_SET',
      );
      assert.equal(await settled(taken), false, 'two files are not set yet');
      clock.advance(0);
      clock.advance(0);
      assert.deepEqual(
        sets.slice(2).map((set) => set.map(([u]) => u)),
        [['file:///m1.ts'], ['file:///m2.ts']],
      );
      assert.equal(await settled(taken), true);
    });

    it('resolves a batch whose file was replaced by a newer list once that list is set, and every batch when the server stops', async () => {
      const { clock, sets, batch } = setup();
      const first = batch.addNow([[uri('/a.ts'), [diagnostic('old')]]]);
      batch.add(uri('/a.ts'), [diagnostic('new')]);
      clock.advance(0);
      assert.deepEqual(sets, [[['file:///a.ts', ['new']]]]);
      assert.equal(await settled(first), true);
      const dropped = batch.addNow([[uri('/b.ts'), [diagnostic('b')]]]);
      batch.drop();
      assert.equal(await settled(dropped), true, 'a stopped server waits for nothing');
      assert.equal(await settled(batch.addNow([])), true);
    });
  });
});
