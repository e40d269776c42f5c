// The findings list is asked for only while something shows it (see findingsSource.ts). The waits
// between a change and its request are run by hand here: nothing is left to a timer.
import '../vscodeStub';
import * as assert from 'node:assert/strict';
import type { FindingCounts } from '../../../../src/shared/protocol';
import { makeItem, makeItems } from '../../webview/fixtures';
import { arrival, attachedSource } from '../findingsFakes';

describe('the findings list, asked for only while something needs it', () => {
  const list = makeItems(5);

  it('asks nothing while nothing needs the list, however many changes arrive', () => {
    const { pending, flush, feed, source } = attachedSource({ answer: () => list });
    for (let i = 0; i < 100; i++) source.markStale();
    for (let i = 0; i < 10; i++)
      source.setOutbox([
        { id: `o${i}`, kind: 'triage', targetId: 'F-1', findingId: 'F-1', state: 'pending', attempts: 0, queuedAt: '2026-01-01T00:00:00Z' },
      ]);
    assert.equal(pending(), 0, 'no request is even waiting');
    flush();
    assert.equal(feed.requests(), 0);
    assert.equal(source.loaded, false);
    assert.equal(source.outboxEntries.length, 1, 'the outbox is kept all the same');
  });

  it('asks once when consumers appear after changes, and not again while the list is current', async () => {
    const { pending, flush, feed, source } = attachedSource({ answer: () => list });
    for (let i = 0; i < 50; i++) source.markStale();
    const tree = source.need('the Findings view');
    const panel = source.need('the triage panel');
    assert.equal(pending(), 1, 'both wait for one request');
    const arrived = arrival(source);
    flush();
    assert.deepEqual(await arrived, list);
    assert.equal(feed.requests(), 1);
    assert.equal(source.find('F-3'), list[3]);
    tree.dispose();
    panel.dispose();
    source.need('the Findings view shown again');
    assert.equal(pending(), 0, 'a current list is not asked for again');
    assert.equal(feed.requests(), 1);
  });

  it('while needed, a burst of changes costs one request, after the wait', async () => {
    const { pending, flush, feed, source } = attachedSource({ answer: () => list });
    source.need('the Findings view');
    let arrived = arrival(source);
    flush();
    await arrived;
    for (let i = 0; i < 20; i++) source.markStale();
    assert.equal(pending(), 1);
    assert.equal(feed.requests(), 1, 'nothing asked before the wait ends');
    arrived = arrival(source);
    flush();
    await arrived;
    assert.equal(feed.requests(), 2);
  });

  it('asks nothing for a consumer gone before the wait ends; the list stays stale for the next one', async () => {
    const { pending, flush, feed, source } = attachedSource({ answer: () => list });
    source.need('the triage panel').dispose();
    flush();
    assert.equal(feed.requests(), 0);
    source.need('the triage panel, in front again');
    assert.equal(pending(), 1);
    const arrived = arrival(source);
    flush();
    await arrived;
    assert.equal(feed.requests(), 1);
  });

  it('asks again after a request that a change made stale on its way, and keeps the newer answer', async () => {
    const { flush, feed, source } = attachedSource();
    source.need('the Findings view');
    flush();
    assert.equal(feed.requests(), 1);
    source.markStale();
    flush();
    assert.equal(feed.requests(), 1, 'one request at a time');
    const second = feed.nextRequest();
    feed.calls[0]!.resolve([makeItem(1)]);
    await second;
    const arrived = arrival(source);
    feed.calls[1]!.resolve([makeItem(2)]);
    assert.deepEqual(await arrived, [makeItem(2)]);
    assert.equal(source.find('F-1'), undefined, 'the index follows the list');
    assert.equal(feed.requests(), 2);
  });

  it('reads the list for a one-time reader (the export), joining a request on its way', async () => {
    const { pending, feed, source } = attachedSource({ answer: () => list });
    assert.deepEqual(await source.current(), list);
    assert.deepEqual(await source.current(), list);
    assert.equal(feed.requests(), 1, 'a current list is read as it is');
    source.markStale();
    assert.equal(pending(), 0, 'nobody shows it: nothing waits');
    await Promise.all([source.current(), source.current()]);
    assert.equal(feed.requests(), 2);
  });

  it('asks nothing before the server runs, and asks once it does', async () => {
    const { flush, feed, source } = attachedSource({ answer: () => list, running: false });
    source.need('the Findings view');
    flush();
    assert.equal(feed.requests(), 0);
    feed.server.running = true;
    source.markStale(); // what the connection does once the server runs
    const arrived = arrival(source);
    flush();
    await arrived;
    assert.equal(feed.requests(), 1);
  });

  it('keeps the list stale after a failed request, so the next consumer asks again', async () => {
    let warn: (message: string) => void = () => undefined;
    const warned = new Promise<string>((resolve) => (warn = resolve));
    const { pending, flush, feed, source } = attachedSource({ log: { warn: (message: string) => warn(message), debug: () => undefined } });
    const tree = source.need('the Findings view');
    flush();
    feed.calls[0]!.reject(new Error('the server stopped'));
    assert.match(await warned, /Could not list the findings: the server stopped/);
    tree.dispose();
    source.need('the triage panel');
    assert.equal(pending(), 1);
    const arrived = arrival(source);
    flush();
    feed.calls[1]!.resolve(list);
    assert.deepEqual(await arrived, list);
  });

  it('passes the status counts on, and asks nothing for them', () => {
    const { flush, feed, source } = attachedSource({ answer: () => list });
    const seen: FindingCounts[] = [];
    source.onDidChangeCounts((c) => seen.push(c));
    const counts: FindingCounts = {
      bySeverity: { critical: 1, high: 0, medium: 0, low: 0, info: 0 },
      total: 1,
      resolved: 0,
      reReview: 0,
      needsDecision: 1,
      invalid: 0,
      rejectedPaths: 0,
    };
    source.setCounts(counts);
    flush();
    assert.deepEqual(seen, [counts]);
    assert.equal(source.counts, counts);
    assert.equal(feed.requests(), 0);
  });
});
