import * as assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver';
import { ChangeSink } from '../../../../src/server/views/changeSink';
import { DiagnosticsPublisher } from '../../../../src/server/views/publisher';

const OPEN = 'file:///ws/open.ts';
const CLOSED = 'file:///ws/closed.ts';

function diagnostic(message: string): Diagnostic {
  return { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message };
}

/** A sink whose every message is written to `sent`, in order, as the connection would send it. */
function sinkWith(opts: { canRefresh?: boolean } = {}) {
  const sent: string[] = [];
  const shown = new Map<string, string>();
  const sink = new ChangeSink({
    publisher: new DiagnosticsPublisher((uri, diagnostics) => void sent.push(`diagnostics ${uri} ${diagnostics.length}`)),
    diagnostics: (uri) => (shown.has(uri) ? [diagnostic(shown.get(uri)!)] : []),
    isOpen: (uri) => uri === OPEN,
    canRefreshLenses: () => opts.canRefresh ?? true,
    refreshLenses: () => void sent.push('refresh'),
    findingsChanged: () => void sent.push('findingsChanged'),
    status: () => void sent.push('status'),
    outboxChanged: (entries) => void sent.push(`outbox ${entries.length}`),
  });
  return { sink, sent, shown };
}

const endOfTick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the change sink', () => {
  it('sends what one tick said once, at its end: diagnostics, then one lens refresh, findingsChanged, the status', async () => {
    const { sink, sent, shown } = sinkWith();
    shown.set(OPEN, 'a').set(CLOSED, 'b');
    sink.add({ files: [OPEN], lenses: [OPEN], list: true });
    sink.add({ files: [CLOSED, OPEN], lenses: [CLOSED], status: true });
    sink.add({ status: true, list: true });
    assert.deepEqual(sent, [], 'nothing before the end of the tick');
    await endOfTick();
    assert.deepEqual(sent, [`diagnostics ${OPEN} 1`, `diagnostics ${CLOSED} 1`, 'refresh', 'findingsChanged', 'status']);
  });

  it('asks for code lenses again only when a changed file is open, and only of an editor that takes the request', async () => {
    const { sink, sent } = sinkWith();
    sink.add({ lenses: [CLOSED], list: true });
    await endOfTick();
    assert.deepEqual(sent, ['findingsChanged'], 'a closed file asks for its lenses when it is shown');
    sink.add({ lenses: [CLOSED, OPEN] });
    await endOfTick();
    assert.deepEqual(sent, ['findingsChanged', 'refresh']);

    const cannot = sinkWith({ canRefresh: false });
    cannot.sink.add({ lenses: [OPEN], status: true });
    await endOfTick();
    assert.deepEqual(cannot.sent, ['status']);
  });

  it('flushes at once when asked: resolves with the files published, after everything of the tick went out, and the end of the tick sends nothing more', async () => {
    const { sink, sent, shown } = sinkWith();
    shown.set(OPEN, 'a').set(CLOSED, 'b');
    sink.add({ files: [OPEN], lenses: [OPEN] });
    sink.add({ files: [CLOSED], list: true, status: true });
    const published = await sink.flush();
    assert.equal(published, 2);
    assert.deepEqual(sent, [`diagnostics ${OPEN} 1`, `diagnostics ${CLOSED} 1`, 'refresh', 'findingsChanged', 'status']);
    await endOfTick();
    assert.equal(sent.length, 5);
  });

  it('sends a change without files before flush returns, so that it goes out before the reply to what caused it', () => {
    const { sink, sent } = sinkWith();
    sink.add({ status: true });
    void sink.flush();
    assert.deepEqual(sent, ['status']);
  });

  it("publishes a file again only when its diagnostics changed (the publisher's digest)", async () => {
    const { sink, sent, shown } = sinkWith();
    shown.set(CLOSED, 'b');
    assert.equal(await (sink.add({ files: [CLOSED] }), sink.flush()), 1);
    assert.equal(await (sink.add({ files: [CLOSED] }), sink.flush()), 0, 'the same diagnostics');
    shown.delete(CLOSED);
    assert.equal(await (sink.add({ files: [CLOSED] }), sink.flush()), 1, 'cleared');
    assert.deepEqual(sent, [`diagnostics ${CLOSED} 1`, `diagnostics ${CLOSED} 0`]);
  });

  it("sends the outbox's entries at once, and the status (the view's badge) at the end of the tick", async () => {
    const { sink, sent } = sinkWith();
    sink.outboxChanged([]);
    assert.deepEqual(sent, ['outbox 0']);
    await endOfTick();
    assert.deepEqual(sent, ['outbox 0', 'status']);
  });
});
