import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import {
  EMPTY_FILTER,
  filterFindings,
  formatFilterQuery,
  parseFilterQuery,
  sortFindings,
  type FindingFilter,
} from '../../../src/shared/filter';
import type { FindingListItem } from '../../../src/shared/webview';
import { makeItem, makeItems } from '../webview/fixtures';

const items = makeItems(10_000);
const f = (patch: Partial<FindingFilter>): FindingFilter => ({ ...EMPTY_FILTER, ...patch });

describe('findings filter', () => {
  it('keeps everything with an empty filter, as a copy', () => {
    const out = filterFindings(items, EMPTY_FILTER);
    assert.equal(out.length, 10_000);
    assert.notEqual(out, items);
  });

  it('filters by severity', () => {
    const out = filterFindings(items, f({ severities: ['critical', 'high'] }));
    assert.equal(out.length, items.filter((i) => i.severity === 'critical' || i.severity === 'high').length);
    assert.ok(out.length > 0 && out.every((i) => i.severity === 'critical' || i.severity === 'high'));
  });

  it('filters by status', () => {
    const out = filterFindings(items, f({ statuses: ['disputed'] }));
    assert.ok(out.length > 0 && out.every((i) => i.status === 'disputed'));
  });

  it('filters by file, rule and text, case-insensitively', () => {
    assert.ok(filterFindings(items, f({ file: 'MODULE7/' })).every((i) => i.path.includes('module7/')));
    assert.equal(filterFindings(items, f({ file: 'module7/' })).length, 200);
    assert.ok(filterFindings(items, f({ rule: 'XSS' })).every((i) => i.ruleId === 'js/xss'));
    assert.deepEqual(
      filterFindings(items, f({ text: 'finding number 9999 '.trim() })).map((i) => i.id),
      ['F-9999'],
    );
  });

  it('treats the typed text literally, regex characters included', () => {
    const odd = [makeItem(1, { title: 'eval(x) in a.b[0]' }), makeItem(2, { title: 'evalxx in aXb' })];
    assert.deepEqual(
      filterFindings(odd, f({ text: 'eval(x)' })).map((i) => i.id),
      ['F-1'],
    );
    assert.deepEqual(
      filterFindings(odd, f({ text: 'a.b[' })).map((i) => i.id),
      ['F-1'],
    );
    assert.deepEqual(filterFindings(odd, f({ file: '\\', rule: '*' })), []);
  });

  it('combines every part (all must match)', () => {
    const out = filterFindings(items, f({ severities: ['high'], rule: 'sql', file: 'file3' }));
    assert.ok(out.every((i) => i.severity === 'high' && i.ruleId.includes('sql') && i.path.includes('file3')));
    const expected = items.filter((i) => i.severity === 'high' && i.ruleId.includes('sql') && i.path.includes('file3')).length;
    assert.equal(out.length, expected);
  });

  // A smoothness guard, not a benchmark: an accidental quadratic filter over 10,000 rows takes
  // seconds. Each filter is compared with what any filter must at least do, measured in the same
  // run on the same rows (one pass reading every row's title, rule and path), so a busy machine slows
  // both alike; best of three runs each.
  it('filters 10,000 findings within a small multiple of one pass over the rows, even the first time a list is filtered', () => {
    const filters = [
      f({ text: 'number 12' }),
      f({ severities: ['medium'], statuses: ['open'] }),
      f({ file: 'module3', rule: 'ssrf', text: 'java' }),
    ];
    const bestOf3 = (run: () => unknown): number =>
      Math.min(
        ...[0, 1, 2].map(() => {
          const t = performance.now();
          run();
          return performance.now() - t;
        }),
      );
    const onePass = (list: readonly FindingListItem[]): number =>
      list.filter((i) => (i.title + i.ruleId + i.path).includes('\u0000')).length;
    const lists = [makeItems(10_000), makeItems(10_000), makeItems(10_000)]; // lists never filtered before
    const firstLists = [makeItems(10_000), makeItems(10_000), makeItems(10_000)];
    let next = 0;
    let nextBase = 0;
    const firstBaseline = bestOf3(() => onePass(firstLists[nextBase++]!));
    const first = bestOf3(() => filterFindings(lists[next++]!, filters[0]!));
    assert.ok(
      first < 10 * firstBaseline + 2,
      `the first filter of a new list took ${first.toFixed(1)} ms, one pass ${firstBaseline.toFixed(1)} ms`,
    );
    const baseline = bestOf3(() => onePass(items));
    for (const flt of filters) {
      const ms = bestOf3(() => filterFindings(items, flt));
      assert.ok(ms < 10 * baseline + 2, `took ${ms.toFixed(1)} ms for ${JSON.stringify(flt)}, one pass ${baseline.toFixed(1)} ms`);
    }
  });

  it('sorts most severe first, then by path and line', () => {
    const sorted = sortFindings([
      makeItem(1, { severity: 'low' }),
      makeItem(2, { severity: 'critical', path: 'b', line: 3 }),
      makeItem(3, { severity: 'critical', path: 'b', line: 1 }),
      makeItem(4, { severity: 'critical', path: 'a' }),
    ]);
    assert.deepEqual(
      sorted.map((i) => i.id),
      ['F-4', 'F-3', 'F-2', 'F-1'],
    );
  });

  it('reads and writes the one-line query', () => {
    const q = parseFilterQuery('severity:high,critical,bogus status:open file:src/ rule:sql free  text');
    assert.deepEqual(q, { severities: ['high', 'critical'], statuses: ['open'], file: 'src/', rule: 'sql', text: 'free text' });
    assert.deepEqual(parseFilterQuery(formatFilterQuery(q)), q);
    assert.deepEqual(parseFilterQuery('   '), EMPTY_FILTER);
  });
});
