import * as assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver';
import { DiagnosticsPublisher } from '../../../src/server/publisher';

const d = (message: string): Diagnostic => ({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message });

describe('diagnostics publisher', () => {
  it('sends only files whose diagnostics changed, and clears files that lost all of them', async () => {
    const sent: Array<[string, number]> = [];
    const publisher = new DiagnosticsPublisher((uri, diags) => void sent.push([uri, diags.length]));
    const now = new Map([['a', [d('1')]], ['b', [d('2')]], ['c', []]]);
    assert.equal(await publisher.publish(['a', 'b', 'c'], (uri) => now.get(uri) ?? []), 2);
    assert.deepEqual(sent, [['a', 1], ['b', 1]], 'a file that never had diagnostics is not sent empty');
    sent.length = 0;
    now.set('b', []);
    assert.equal(await publisher.publish(['a', 'b', 'c'], (uri) => now.get(uri) ?? []), 1);
    assert.deepEqual(sent, [['b', 0]]);
    assert.deepEqual(publisher.publishedFiles(), ['a']);
  });

  it('yields to the event loop between batches', async () => {
    let yields = 0;
    const publisher = new DiagnosticsPublisher(() => undefined, 10);
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
    const publisher = new DiagnosticsPublisher(() => new Promise<void>((resolve) => written.push(resolve)), 2);
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
    const publisher = new DiagnosticsPublisher(() => Promise.reject(new Error('closed')), 1);
    assert.equal(await publisher.publish(['a', 'b'], (uri) => [d(uri)]), 2);
  });
});
