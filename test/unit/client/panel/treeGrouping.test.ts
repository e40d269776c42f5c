import * as assert from 'node:assert/strict';
import { badgeCount, groupFindings, groupLabel, itemDescription, severityIcon } from '../../../../src/client/tree/grouping';
import { EMPTY_FILTER } from '../../../../src/webview/filter';
import { makeItem, makeItems } from '../../webview/fixtures';

describe('Findings tree grouping', () => {
  const items = makeItems(100);

  it('groups by severity in severity order, with counts that add up', () => {
    const groups = groupFindings(items, 'severity', EMPTY_FILTER);
    assert.deepEqual(groups.map((g) => g.key), ['critical', 'high', 'medium', 'low', 'info']);
    assert.equal(groups.reduce((n, g) => n + g.items.length, 0), 100);
    assert.equal(groupLabel(groups[0]!), 'Critical (20)');
  });

  it('groups by status and by file, leaving empty groups out', () => {
    const byStatus = groupFindings([makeItem(0, { status: 'fixed' })], 'status', EMPTY_FILTER);
    assert.deepEqual(byStatus.map((g) => g.key), ['fixed']);
    const byFile = groupFindings(items, 'file', EMPTY_FILTER);
    assert.deepEqual(byFile.map((g) => g.key), [...new Set(items.map((i) => i.path))].sort());
  });

  it('applies the filter before counting', () => {
    const groups = groupFindings(items, 'severity', { ...EMPTY_FILTER, severities: ['low'], rule: 'weak' });
    assert.equal(groups.length, 1);
    assert.ok(groups[0]!.items.every((i) => i.severity === 'low' && i.ruleId === 'go/weak-crypto'));
  });

  it('describes rows with line, status, outbox state and flags', () => {
    const i = makeItem(3, { line: 9, status: 'disputed', anchor: 'lost', needsReReview: true, outbox: { id: 'o', state: 'refused', message: 'no' } });
    assert.equal(itemDescription(i, 'file'), 'line 10 · disputed · refused · location lost · needs re-review');
    assert.equal(itemDescription(makeItem(3, { line: 0, outbox: { id: 'o', state: 'synced' } }), 'status'), `${makeItem(3).path}:1`);
  });

  it('picks the severity icon and counts what needs a decision', () => {
    assert.deepEqual(['critical', 'high', 'medium', 'low', 'info'].map((s) => severityIcon(s as never)), ['error', 'error', 'warning', 'info', 'info']);
    assert.equal(badgeCount([makeItem(0, { status: 'open' }), makeItem(1, { status: 'acknowledged' }), makeItem(2, { status: 'acknowledged', outbox: { id: 'o', state: 'pending' } })]), 2);
  });

  it('counts an acknowledged finding whose code changed since (needs re-review) in the badge', () => {
    const synced = { id: 'o', state: 'synced' as const };
    assert.equal(badgeCount([makeItem(1, { status: 'acknowledged', outbox: synced }), makeItem(2, { status: 'disputed', outbox: synced })]), 0);
    assert.equal(badgeCount([makeItem(1, { status: 'acknowledged', outbox: synced, needsReReview: true }), makeItem(2, { status: 'disputed', outbox: synced })]), 1);
  });
});
