import { strict as assert } from 'node:assert';
import { anchor } from '../../../../src/server/anchoring/anchor';
import { FileAnchors } from '../../../../src/server/anchoring/fileAnchors';
import { SPAN_FLAGGED, SPAN_FOLDED, SPAN_SOURCE } from './spanSource';

describe('a snippet found inside a longer line', () => {
  // span() moved below width(), and `int offset;` was folded into the flagged line.
  const base = SPAN_SOURCE;
  const flagged = base.indexOf(SPAN_FLAGGED);
  const snippet = SPAN_FLAGGED.trim();
  const spanStart = base.indexOf('static int span(const struct text *t, int line) {');
  const span = base
    .slice(spanStart, spanStart + 8)
    .filter((l) => l !== '  int offset;')
    .map((l) => (l === SPAN_FLAGGED ? SPAN_FOLDED : l));
  const current = [...base.slice(0, spanStart), ...base.slice(spanStart + 8), ...span];
  const at = current.indexOf(SPAN_FOLDED);

  it("is uncertain (an edited line), not moved, without the commit's text", () => {
    const a = anchor({ location: { path: 't.c', startLine: flagged + 1, snippet }, currentText: current.join('\n') });
    assert.equal(a.range.startLine, at);
    assert.equal(a.state, 'uncertain');
    assert.match(a.reason, /part of a longer line/);
  });

  it("is uncertain with the commit's text too", () => {
    const a = anchor({
      location: { path: 't.c', startLine: flagged + 1, snippet },
      currentText: current.join('\n'),
      baseText: base.join('\n'),
      commit: 'abc1234',
    });
    assert.equal(a.range.startLine, at);
    assert.equal(a.state, 'uncertain');
  });

  it('turns uncertain as the user types around it on its moved line (the keystroke path)', () => {
    const file = new FileAnchors(
      [{ id: 'f', location: { path: 't.c', startLine: flagged + 1, snippet } }],
      current.map((l, i) => (i === at ? SPAN_FLAGGED : l)).join('\n'),
    );
    assert.equal(file.get('f')?.state, 'moved');
    file.applyEdit({ range: { start: { line: at, character: 2 }, end: { line: at, character: 2 } }, text: 'int ' });
    assert.equal(file.get('f')?.state, 'uncertain');
    assert.equal(file.get('f')?.range.startLine, at);
  });

  it('stays moved when the feed said the finding is part of a line (its columns)', () => {
    const column = base[flagged]!.indexOf('t->linemap');
    const location = {
      path: 't.c',
      startLine: flagged + 1,
      startColumn: column + 1,
      endColumn: column + 1 + 't->linemap[start]'.length,
      snippet: 't->linemap[start]',
    };
    const a = anchor({ location, currentText: current.join('\n') });
    assert.equal(a.state, 'moved');
    assert.equal(a.range.startLine, at);
  });
});
