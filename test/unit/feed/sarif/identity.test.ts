import { strict as assert } from 'node:assert';
import { compareFingerprintNames } from '../../../../src/feed/sarif/identity';
import type { MapOptions } from '../../../../src/feed/sarif/types';
import { mapped, resultAt } from './logs';

/** The id of each finding of a log of these results. */
function ids(results: unknown[], options: Partial<MapOptions> = {}): string[] {
  return mapped(results, {}, options).findings.map((f) => f.finding.id);
}

function withContext(line: number, text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const result = resultAt('src/a.js', line, extra);
  const location = (result.locations as Array<{ physicalLocation: Record<string, unknown> }>)[0]!;
  location.physicalLocation.contextRegion = { startLine: line, endLine: line, snippet: { text } };
  return result;
}

describe('SARIF identity: the same result in a later analysis is the same finding', () => {
  it('orders fingerprint names by base name, then version as a number', () => {
    assert.deepEqual(['b/v1', 'a/v10', 'a/v9', 'a', 'a/v2'].sort(compareFingerprintNames), ['a', 'a/v2', 'a/v9', 'a/v10', 'b/v1']);
  });

  it('uses the first fingerprint, so a tool adding a newer version keeps the ids; line and message do not matter', () => {
    const [first] = ids([resultAt('src/a.js', 3, { fingerprints: { 'contextHash/v1': 'abc' } })]);
    const [moved] = ids([
      resultAt('src/b.js', 90, { message: { text: 'reworded' }, fingerprints: { 'contextHash/v2': 'zzz', 'contextHash/v1': 'abc' } }),
    ]);
    assert.equal(moved, first);
    assert.notEqual(ids([resultAt('src/a.js', 3, { fingerprints: { 'contextHash/v1': 'abd' } })])[0], first);
    assert.match(first!, /^sarif-[0-9a-f]{24}$/);
  });

  it("uses every partial fingerprint with the file's path: GitHub's line hash does not name the file", () => {
    const hashed = (uri: string, line: number, extra: Record<string, string> = {}) =>
      resultAt(uri, line, { partialFingerprints: { primaryLocationLineHash: '3e45352554173163:1', ...extra } });
    const [a] = ids([hashed('src/a.js', 3)]);
    assert.equal(ids([hashed('src/a.js', 40)])[0], a, 'moved, same line hash');
    assert.notEqual(ids([hashed('src/b.js', 3)])[0], a, 'another file');
    assert.notEqual(ids([hashed('src/a.js', 3, { primaryLocationStartColumnFingerprint: '4' })])[0], a);
  });

  it('falls back to the path and the snippet with its white space removed, then to the line and message', () => {
    const [snippet] = ids([withContext(8, '  eval(input);')]);
    assert.equal(ids([withContext(20, 'eval( input );')])[0], snippet, 're-indented and moved');
    assert.notEqual(ids([withContext(8, '  eval(other);')])[0], snippet);
    const [bare] = ids([resultAt('src/a.js', 8)]);
    assert.equal(ids([resultAt('src/a.js', 8)])[0], bare);
    assert.notEqual(ids([resultAt('src/a.js', 9)])[0], bare, 'without a fingerprint or a snippet, a move is a new finding');
  });

  it('is scoped to the project, the tool, the category and the rule', () => {
    const result = resultAt('src/a.js', 3, { fingerprints: { 'contextHash/v1': 'abc' } });
    const [base] = ids([result]);
    assert.notEqual(ids([result], { project: 'other' })[0], base);
    assert.notEqual(ids([result], { category: 'nightly' })[0], base);
    assert.notEqual(ids([{ ...result, ruleId: 'js/weak-hash' }])[0], base);
    const otherTool = mapped([result], { tool: { driver: { name: 'Other' } } }).findings[0]!.finding.id;
    assert.notEqual(otherTool, base);
  });

  it('tells repeats of one fingerprint in a log apart by their order', () => {
    const same = () => resultAt('src/a.js', 3, { fingerprints: { 'contextHash/v1': 'abc' } });
    const [first, second] = ids([same(), same()]);
    assert.notEqual(first, second);
    assert.deepEqual(ids([same(), same()]), [first, second], 'the same in the next analysis');
    assert.equal(ids([same()])[0], first, 'the first of them keeps the id a lone one has');
  });
});
