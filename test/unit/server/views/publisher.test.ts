import * as assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver';
import { DiagnosticsPublisher } from '../../../../src/server/views/publisher';

const d = (message: string): Diagnostic => ({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message });

describe('diagnostics publisher', () => {
  it('sends only files whose diagnostics changed, and clears files that lost all of them', async () => {
    const sent: Array<[string, number]> = [];
    const publisher = new DiagnosticsPublisher((uri, diags) => void sent.push([uri, diags.length]));
    const now = new Map([
      ['a', [d('1')]],
      ['b', [d('2')]],
      ['c', []],
    ]);
    assert.equal(await publisher.publish(['a', 'b', 'c'], (uri) => now.get(uri) ?? []), 2);
    assert.deepEqual(
      sent,
      [
        ['a', 1],
        ['b', 1],
      ],
      'a file that never had diagnostics is not sent empty',
    );
    sent.length = 0;
    now.set('b', []);
    assert.equal(await publisher.publish(['a', 'b', 'c'], (uri) => now.get(uri) ?? []), 1);
    assert.deepEqual(sent, [['b', 0]]);
    assert.deepEqual(publisher.publishedFiles(), ['a']);
  });

  it('sends the open files first, in the first batch, then the others in their order', async () => {
    const sent: string[] = [];
    const open = new Set(['f7', 'f2']);
    const publisher = new DiagnosticsPublisher((uri) => void sent.push(uri), { batch: 3, isOpen: (uri) => open.has(uri) });
    const uris = Array.from({ length: 9 }, (_, i) => `f${i}`);
    await publisher.publish(uris, () => [d('x')]);
    assert.deepEqual(sent, ['f2', 'f7', 'f0', 'f1', 'f3', 'f4', 'f5', 'f6', 'f8']);
  });

  it('yields to the event loop between batches', async () => {
    let yields = 0;
    const publisher = new DiagnosticsPublisher(() => undefined, { batch: 10 });
    const uris = Array.from({ length: 35 }, (_, i) => `f${i}`);
    setImmediate(function count() {
      yields += 1;
      if (yields < 100) setImmediate(count);
    });
    const before = yields;
    await publisher.publish(uris, () => [d('x')]);
    assert.ok(yields - before >= 3, `expected the publisher to yield, it let ${yields - before} immediates run`);
  });

  it('computes the next batch only once the last one is written, so that answers never queue behind thousands of files', async () => {
    const written: Array<() => void> = [];
    const computed: string[] = [];
    const publisher = new DiagnosticsPublisher(() => new Promise<void>((resolve) => written.push(resolve)), { batch: 2 });
    const done = publisher.publish(['a', 'b', 'c', 'd', 'e'], (uri) => (computed.push(uri), [d(uri)]));
    const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
    await settle();
    assert.deepEqual(computed, ['a', 'b'], 'the second batch waits for the first to be written');
    written.splice(0).forEach((write) => write());
    await settle();
    await settle();
    assert.deepEqual(computed, ['a', 'b', 'c', 'd']);
    written.splice(0).forEach((write) => write());
    await settle();
    await settle();
    assert.deepEqual(computed, ['a', 'b', 'c', 'd', 'e']);
    let resolved = false;
    void done.then(() => (resolved = true));
    await settle();
    assert.equal(resolved, false, 'publish resolves once the last file is written');
    written.splice(0).forEach((write) => write());
    assert.equal(await done, 5);
  });

  it('does not stall on a send that fails', async () => {
    const publisher = new DiagnosticsPublisher(() => Promise.reject(new Error('closed')), { batch: 1 });
    assert.equal(await publisher.publish(['a', 'b'], (uri) => [d(uri)]), 2);
  });

  describe('open files', () => {
    /** A diagnostic that counts how often it is serialised (JSON.stringify calls toJSON). */
    const counted = (message: string, line = 0) => {
      const diagnostic = { ...d(message), range: { start: { line, character: 0 }, end: { line, character: 1 } } };
      const counter = { serialised: 0 };
      Object.defineProperty(diagnostic, 'toJSON', { enumerable: false, value: () => ((counter.serialised += 1), { ...diagnostic }) });
      return { diagnostic, counter };
    };
    const world = () => {
      const sent: Array<[string, Diagnostic[]]> = [];
      const open = new Set<string>();
      const publisher = new DiagnosticsPublisher((uri, diags) => void sent.push([uri, diags]), { isOpen: (uri) => open.has(uri) });
      return { sent, open, publisher };
    };

    it('skips an unchanged open file without serialising its diagnostics, and sends it once one diagnostic is new', async () => {
      const { sent, open, publisher } = world();
      open.add('a');
      const x = counted('x', 1);
      const y = counted('y', 2);
      assert.equal(await publisher.publish(['a'], () => [x.diagnostic, y.diagnostic]), 1);
      assert.equal(
        await publisher.publish(['a'], () => [x.diagnostic, y.diagnostic]),
        0,
        'the same objects in a new list: nothing to send',
      );
      assert.equal(x.counter.serialised + y.counter.serialised, 0, 'an open file is never digested');
      const moved = { ...y.diagnostic, range: { start: { line: 3, character: 0 }, end: { line: 3, character: 1 } } };
      assert.equal(await publisher.publish(['a'], () => [x.diagnostic, moved]), 1);
      assert.deepEqual(
        sent.map(([uri, diags]) => [uri, diags.map((diag) => diag.range.start.line)]),
        [
          ['a', [1, 2]],
          ['a', [1, 3]],
        ],
      );
      assert.equal(x.counter.serialised + y.counter.serialised, 0);
    });

    it('does not re-send equal diagnostics built again as new objects (a view rebuilt from scratch)', async () => {
      const { open, publisher } = world();
      open.add('a');
      await publisher.publish(['a'], () => [d('1'), d('2')]);
      assert.equal(await publisher.publish(['a'], () => [d('1'), d('2')]), 0);
      assert.equal(await publisher.publish(['a'], () => [d('1'), d('3')]), 1);
      assert.equal(await publisher.publish(['a'], () => [d('1')]), 1, 'one fewer');
    });

    it('compares a file just opened with what was sent while it was closed, and a file just closed with what it showed open', async () => {
      const { sent, open, publisher } = world();
      assert.equal(await publisher.publish(['a'], () => [d('1')]), 1, 'closed: digested');
      open.add('a');
      assert.equal(await publisher.publish(['a'], () => [d('1')]), 0, 'opened, same diagnostics: nothing sent');
      const again = counted('1');
      assert.equal(await publisher.publish(['a'], () => [again.diagnostic]), 0);
      assert.equal(again.counter.serialised, 0, 'once open, compared without a digest');
      assert.equal(await publisher.publish(['a'], () => [d('2')]), 1, 'opened, edited');
      const shown = counted('2');
      assert.equal(await publisher.publish(['a'], () => [shown.diagnostic]), 0);
      open.delete('a');
      publisher.closed('a');
      assert.equal(shown.counter.serialised, 1, 'on close, what the file shows is digested once and the list let go');
      assert.equal(await publisher.publish(['a'], () => [d('2')]), 0, 'closed with the same diagnostics: nothing sent');
      assert.equal(await publisher.publish(['a'], () => [d('1')]), 1, "closed, back at the feed's lines");
      assert.deepEqual(
        sent.map(([, diags]) => diags.map((diag) => diag.message)),
        [['1'], ['2'], ['1']],
      );
    });

    it('clears an open file that lost its diagnostics once, and forgets it', async () => {
      const { sent, open, publisher } = world();
      open.add('a');
      await publisher.publish(['a'], () => [d('1')]);
      assert.equal(await publisher.publish(['a'], () => []), 1);
      assert.equal(await publisher.publish(['a'], () => []), 0);
      assert.deepEqual(publisher.publishedFiles(), []);
      assert.deepEqual(
        sent.map(([, diags]) => diags.length),
        [1, 0],
      );
    });
  });
});
