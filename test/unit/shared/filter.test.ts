import * as assert from 'node:assert/strict';
import {
  EMPTY_FILTER,
  filterFindings,
  formatFilterQuery,
  parseFilterQuery,
  sortFindings,
  type FindingFilter,
} from '../../../src/shared/filter';
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

  // A smoothness guard: the filter runs on every keystroke over up to 100,000 rows, so it must read
  // each row a bounded number of times (an accidental quadratic takes seconds). Counted, not timed:
  // every read of the list and of a row's fields goes through a counting proxy, so the guard says the
  // same on any machine, loaded or not.
  it('reads each of 10,000 rows a bounded number of times, whatever the filter', () => {
    const filters = [
      f({ text: 'number 12' }),
      f({ severities: ['medium'], statuses: ['open'] }),
      f({ file: 'module3', rule: 'ssrf', text: 'java' }),
      f({ severities: ['high', 'critical'], statuses: ['open', 'acknowledged'], file: 'src', rule: 'sql', text: 'a' }),
    ];
    for (const flt of filters) {
      let reads = 0;
      const count = <T extends object>(target: T): T =>
        new Proxy(target, {
          get(t, key, receiver) {
            reads++;
            return Reflect.get(t, key, receiver);
          },
        });
      const list = count(makeItems(10_000).map(count));
      filterFindings(list, flt);
      assert.ok(reads <= 12 * 10_000, `${JSON.stringify(flt)}: ${reads} reads for 10,000 rows`);
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
