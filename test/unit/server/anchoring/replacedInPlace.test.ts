import { strict as assert } from 'node:assert';
import { anchor } from '../../../../src/server/anchoring/anchor';
import { FILE_SERVER_OPTIONS } from './fileServerOptions';

const OPTIONS = FILE_SERVER_OPTIONS;
const FLAGGED = OPTIONS.indexOf('  download?: any');
const run = (current: string[], base = OPTIONS) =>
  anchor({
    location: { path: 'o.ts', startLine: FLAGGED + 1 },
    currentText: current.join('\n'),
    baseText: base.join('\n'),
    commit: 'abc1234',
  });

describe("anchoring with the commit's text: a line rewritten in place", () => {
  it('is shown uncertain on the line that replaced it when its neighbours are unchanged (not lost)', () => {
    const a = run(OPTIONS.map((l, i) => (i === FLAGGED ? '  download?: string | boolean | undefined' : l)));
    assert.equal(a.state, 'uncertain');
    assert.deepEqual([a.range.startLine, a.range.endLine], [FLAGGED, FLAGGED]);
    assert.match(a.reason, /replaced since commit abc1234; the lines around it are unchanged/);
  });

  it('pins it inside a block of lines rewritten one for one, after lines were inserted above', () => {
    const current = [
      '// generated',
      ...OPTIONS.map((l, i) => (i === FLAGGED - 1 ? '  index?: string[]' : i === FLAGGED ? '  download?: "always" | "never"' : l)),
    ];
    const a = run(current);
    assert.equal(a.state, 'uncertain');
    assert.equal(a.range.startLine, FLAGGED + 1);
  });

  it('is pinned by telling lines a few lines away, across blank lines and braces', () => {
    const base = [
      'function equal(a, b) {',
      '  if (a.length !== b.length) {',
      '    return false',
      '  }',
      '',
      '  return sa === sb && a === b',
      '}',
      '',
      'export const other = 1',
    ];
    const current = base.map((l, i) => (i === 5 ? '  return timingSafeEqual(sa, sb)' : l));
    const a = anchor({ location: { path: 'e.ts', startLine: 6 }, currentText: current.join('\n'), baseText: base.join('\n') });
    assert.equal(a.state, 'uncertain');
    assert.equal(a.range.startLine, 5);
  });

  it('is lost when it was replaced by a blank line, or when the block around it changed size', () => {
    assert.equal(run(OPTIONS.map((l, i) => (i === FLAGGED ? '' : l))).state, 'lost');
    const grown = [...OPTIONS.slice(0, FLAGGED), '  saveAs?: boolean', '  inline?: boolean', ...OPTIONS.slice(FLAGGED + 1)];
    assert.equal(run(grown).state, 'lost');
  });
});
