import * as assert from 'node:assert/strict';
import {
  badgeOf,
  fileGroupDescription,
  groupFindings,
  groupLabel,
  inProblems,
  itemDescription,
  severityLook,
} from '../../../../src/client/tree/grouping';
import type { FindingCounts } from '../../../../src/shared/protocol';
import { EMPTY_FILTER } from '../../../../src/shared/filter';
import { makeItem, makeItems } from '../../webview/fixtures';

describe('Findings tree grouping', () => {
  const items = makeItems(100);

  it('groups by severity in severity order, with counts that add up', () => {
    const groups = groupFindings(items, 'severity', EMPTY_FILTER);
    assert.deepEqual(
      groups.map((g) => g.key),
      ['critical', 'high', 'medium', 'low', 'info'],
    );
    assert.equal(
      groups.reduce((n, g) => n + g.items.length, 0),
      100,
    );
    assert.equal(groupLabel(groups[0]!), 'Critical (20)');
  });

  it('groups by status and by file, leaving empty groups out', () => {
    const byStatus = groupFindings([makeItem(0, { status: 'fixed' })], 'status', EMPTY_FILTER);
    assert.deepEqual(
      byStatus.map((g) => g.key),
      ['fixed'],
    );
    const byFile = groupFindings(items, 'file', EMPTY_FILTER);
    assert.deepEqual(
      byFile.map((g) => g.key),
      [...new Set(items.map((i) => i.path))].sort(),
    );
  });

  it('applies the filter before counting', () => {
    const groups = groupFindings(items, 'severity', { ...EMPTY_FILTER, severities: ['low'], rule: 'weak' });
    assert.equal(groups.length, 1);
    assert.ok(groups[0]!.items.every((i) => i.severity === 'low' && i.ruleId === 'go/weak-crypto'));
  });

  it('describes rows with line, status, outbox state and flags', () => {
    const i = makeItem(3, {
      line: 9,
      status: 'disputed',
      anchor: 'lost',
      needsReReview: true,
      outbox: { id: 'o', state: 'refused', message: 'no' },
    });
    const sev = i.severity.charAt(0).toUpperCase() + i.severity.slice(1);
    assert.equal(itemDescription(i, 'file'), `${sev} · line 10 · disputed · refused · location lost · needs re-review`);
    assert.equal(
      itemDescription(makeItem(3, { line: 0, outbox: { id: 'o', state: 'synced' } }), 'status'),
      `${sev} · ${makeItem(3).path}:1`,
    );
    assert.equal(itemDescription(makeItem(1, { line: 0 }), 'severity'), `${makeItem(1).path}:1 · open`, 'the group says the severity');
  });

  it("counts a file's findings as the Problems panel does: open ones and re-reviews, not resolved or lost ones", () => {
    const resolved = makeItem(2, { status: 'acknowledged' });
    const items = [
      makeItem(1),
      resolved,
      { ...resolved, id: 'rr', needsReReview: true },
      makeItem(3, { status: 'disputed', triage: { action: 'dispute', reason: 'false_positive', actor: 'a', at: 't', review: 'approve' } }),
      makeItem(4, { status: 'disputed', triage: { action: 'dispute', reason: 'false_positive', actor: 'a', at: 't', review: null } }),
      makeItem(5, { anchor: 'lost' }),
    ];
    assert.deepEqual(items.map(inProblems), [true, false, true, false, true, false]);
    const [group] = groupFindings(
      items.map((i) => ({ ...i, path: 'src/a.ts' })),
      'file',
      EMPTY_FILTER,
    );
    assert.equal(groupLabel(group!, 'file'), 'src/a.ts');
    assert.equal(fileGroupDescription(group!), '3 in Problems · 2 resolved · 1 not drawn');
  });

  it('picks the severity icon', () => {
    const looks = (['critical', 'high', 'medium', 'low', 'info'] as const).map((s) => severityLook(s));
    assert.equal(new Set(looks.map((l) => l.icon)).size, 5, 'each severity its own icon');
    assert.equal(new Set(looks.map((l) => l.color)).size, 5, 'and its own colour');
  });

  it('badges what the status counts as needing a decision, with no list at hand', () => {
    const counts = (needsDecision: number): FindingCounts => ({
      bySeverity: { critical: 9, high: 0, medium: 0, low: 0, info: 0 },
      total: 9,
      resolved: 4,
      reReview: 1,
      needsDecision,
      invalid: 0,
      rejectedPaths: 0,
    });
    assert.deepEqual(badgeOf(counts(7)), { value: 7, tooltip: '7 findings need a decision' });
    assert.deepEqual(badgeOf(counts(1)), { value: 1, tooltip: '1 finding needs a decision' });
    assert.equal(badgeOf(counts(0)), undefined);
    assert.equal(badgeOf(undefined), undefined, 'no badge before the first status');
  });
});
