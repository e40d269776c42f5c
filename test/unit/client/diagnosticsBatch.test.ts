import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { chunksOf, DiagnosticsBatch, MAX_PER_SET, WINDOW_MS, type BatchClock } from '../../../src/client/diagnosticsBatch';

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
  const batch = new DiagnosticsBatch(() => collection, clock);
  return { clock, sets, batch, removeCollection: () => (collection = undefined) };
}

describe('DiagnosticsBatch', () => {
  it('sets the first file on the next turn, and the files that follow within the window in one call', () => {
    const { clock, sets, batch } = setup();
    batch.add(uri('/a.ts'), [diagnostic('a1')]);
    assert.equal(sets.length, 0, 'never inside the language client’s own call');
    clock.advance(0);
    assert.deepEqual(sets, [[['file:///a.ts', ['a1']]]]);
    for (let i = 0; i < 300; i++) batch.add(uri(`/f${i}.ts`), [diagnostic(`f${i}`)]);
    clock.advance(WINDOW_MS - 1);
    assert.equal(sets.length, 1, 'the next batch waits for the window');
    clock.advance(1);
    assert.equal(sets.length, 2);
    assert.equal(sets[1]!.length, 300, 'the 300 files in one call');
  });

  it("never gives the editor more than it shows in one call: VS Code drops a call's files past 1,100 diagnostics", () => {
    const { clock, sets, batch } = setup();
    // 2,000 files of 50 (100,000 findings over the editor bench's workspace): 22 files fit in a call.
    for (let i = 0; i < 2_000; i++)
      batch.add(
        uri(`/f${i}.ts`),
        Array.from({ length: 50 }, (_, k) => diagnostic(`f${i}-${k}`)),
      );
    clock.advance(0);
    assert.equal(sets.length, Math.ceil(2_000 / 22));
    for (const call of sets) assert.ok(call.reduce((n, [, ds]) => n + ds.length, 0) <= MAX_PER_SET);
    assert.equal(sets.flat().length, 2_000, 'every file, each once');
  });

  it('cuts chunks by diagnostics, a file over the limit going alone', () => {
    const entry = (n: number): [string, number[]] => [`f${n}`, Array.from({ length: n }, (_, k) => k)];
    const sizes = (chunks: Array<Array<[string, number[]]>>) => chunks.map((c) => c.map(([, ds]) => ds.length));
    assert.deepEqual(sizes(chunksOf([entry(600), entry(500), entry(1), entry(1_500), entry(3), entry(0)])), [
      [600, 500],
      [1],
      [1_500],
      [3, 0],
    ]);
    assert.deepEqual(chunksOf([]), []);
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

  it('drops what is pending when the server stops, and sets nothing once the client has no collection', () => {
    const { clock, sets, batch, removeCollection } = setup();
    batch.add(uri('/a.ts'), [diagnostic('a1')]);
    batch.drop();
    clock.advance(WINDOW_MS * 2);
    assert.deepEqual(sets, []);
    batch.add(uri('/b.ts'), [diagnostic('b1')]);
    removeCollection();
    clock.advance(WINDOW_MS * 2);
    assert.deepEqual(sets, []);
  });
});
