import * as assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver';
import { DiagnosticsPublisher, MESSAGE_DIAGNOSTICS } from '../../../../src/server/views/publisher';

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

  describe('in batch messages (an editor that takes findingsLens/diagnostics)', () => {
    const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
    /** A publisher whose batch messages wait for the test to answer them. */
    const batching = (open = new Set<string>()) => {
      const messages: Array<{ files: Array<[string, string[]]>; answer: () => void }> = [];
      const single: string[] = [];
      const publisher = new DiagnosticsPublisher((uri) => void single.push(uri), {
        isOpen: (uri) => open.has(uri),
        sendBatch: () => (files) =>
          new Promise<void>((answer) => messages.push({ files: files.map((f) => [f.uri, f.diagnostics.map((x) => x.message)]), answer })),
      });
      return { messages, single, publisher };
    };
    const many = (n: number, message: string) => Array.from({ length: n }, () => d(message));

    it(`sends a message once it holds ${MESSAGE_DIAGNOSTICS} diagnostics, the open files alone first, and never publishDiagnostics`, async () => {
      const { messages, single, publisher } = batching(new Set(['open']));
      const sizes: Record<string, number> = { a: 600, b: 300, c: 200, open: 5, d: 1_500, e: 0, f: 1 };
      const done = publisher.publish(['a', 'b', 'open', 'c', 'd', 'f'], (uri) => many(sizes[uri]!, uri));
      await settle();
      assert.deepEqual(
        messages.map((m) => m.files.map(([uri]) => uri)),
        [['open'], ['a', 'b', 'c']],
        'the rest waits for an answer',
      );
      messages[0]!.answer();
      await settle();
      assert.deepEqual(messages.length, 3, 'one answer lets one more message go');
      messages[1]!.answer();
      await settle();
      messages[2]!.answer();
      await settle();
      assert.deepEqual(
        messages.map((m) => m.files.map(([uri]) => uri)),
        [['open'], ['a', 'b', 'c'], ['d'], ['f']],
      );
      messages[3]!.answer();
      assert.equal(await done, 6);
      assert.deepEqual(single, []);
    });

    it('resolves only once the editor has answered every message, and does not stall on one that fails', async () => {
      const failing = new DiagnosticsPublisher(() => undefined, { sendBatch: () => () => Promise.reject(new Error('gone')) });
      assert.equal(await failing.publish(['a', 'b'], (uri) => [d(uri)]), 2);
      const { messages, publisher } = batching();
      let resolved = false;
      const done = publisher.publish(['a'], () => [d('a')]).then((n) => ((resolved = true), n));
      await settle();
      assert.equal(resolved, false);
      messages[0]!.answer();
      assert.equal(await done, 1);
    });

    it('sends no list after a newer one of its file when a publish starts while another waits for answers', async () => {
      const { messages, publisher } = batching();
      let version = 'v1';
      const compute = (uri: string) => (uri === 'x' || uri === 'y' ? many(MESSAGE_DIAGNOSTICS, uri) : [d(`${uri} ${version}`)]);
      const first = publisher.publish(['x', 'y', 'b', 'c'], compute);
      await settle();
      assert.deepEqual(
        messages.map((m) => m.files.map(([uri]) => uri)),
        [['x'], ['y']],
        'b and c wait: two messages are out',
      );
      version = 'v2';
      const second = publisher.publish(['b'], compute);
      await settle();
      for (let i = 0; i < 4; i++) {
        for (const m of messages) m.answer();
        await settle();
      }
      await Promise.all([first, second]);
      const sentB = messages.flatMap((m) => m.files).filter(([uri]) => uri === 'b');
      assert.deepEqual(sentB, [['b', ['b v2']]], 'b goes once, with its newest list');
      assert.deepEqual(
        messages.flatMap((m) => m.files).filter(([uri]) => uri === 'c'),
        [['c', ['c v2']]],
      );
    });
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
