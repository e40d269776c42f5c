// The Findings view as the editor drives it: hidden or visible, and told the server's status.
import { treeViews } from '../vscodeStub';
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { FindingsTree } from '../../../../src/client/tree/findingsTree';
import type { FindingCounts } from '../../../../src/shared/protocol';
import { makeItems } from '../../webview/fixtures';
import { arrival, attachedSource } from '../findingsFakes';

const memento = { get: () => undefined, update: async () => undefined, keys: () => [] } as unknown as vscode.Memento;
const setup = { current: 'ready' as const, onDidChange: () => ({ dispose: () => undefined }) };

function counts(needsDecision: number): FindingCounts {
  return {
    bySeverity: { critical: 0, high: 9, medium: 0, low: 0, info: 0 },
    total: 9,
    resolved: 2,
    reReview: 0,
    needsDecision,
    invalid: 0,
    rejectedPaths: 0,
  };
}

describe('the Findings view', () => {
  it('badges from the status counts while hidden, asking for no list; shown, asks once and draws it', async () => {
    const list = makeItems(20);
    const { flush, feed, source } = attachedSource({ answer: () => list });
    const tree = new FindingsTree(source, memento, setup);
    const view = treeViews.at(-1)!;
    const badge = () => view.badge;
    assert.equal(badge(), undefined, 'no badge before the first status');

    source.setCounts(counts(7));
    for (let i = 0; i < 10; i++) source.markStale();
    flush();
    assert.deepEqual(badge(), { value: 7, tooltip: '7 findings need a decision' });
    assert.equal(feed.requests(), 0, 'a hidden view asks for no list');

    const arrived = arrival(source);
    view.setVisible(true);
    flush();
    await arrived;
    assert.equal(feed.requests(), 1);
    const drawn = tree.getChildren().reduce((n, group) => n + tree.getChildren(group).length, 0);
    assert.equal(drawn, list.length);
    assert.equal(view.description, 'by severity');
    source.setCounts(counts(3));
    assert.equal(badge()?.value, 3, "the badge is the server's count, not the list's");

    view.setVisible(false);
    source.markStale();
    flush();
    assert.equal(feed.requests(), 1, 'hidden again, it asks no more');
    tree.dispose();
  });
});
