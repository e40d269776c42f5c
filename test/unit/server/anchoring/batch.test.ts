import { strict as assert } from 'node:assert';
import { anchorBatchLine } from '../../../../src/server/anchoring/batch';

describe('anchoring batch mode', () => {
  it('anchors one JSON line, keeping the caller id', () => {
    const line = JSON.stringify({
      id: 'case-1',
      location: { path: 'a', startLine: 2, snippet: 'eval(x)' },
      currentText: 'a\nb\neval(x)',
      baseText: 'a\neval(x)',
    });
    const out = anchorBatchLine(line, 1);
    assert.ok('anchor' in out);
    assert.equal(out.id, 'case-1');
    assert.equal(out.anchor.state, 'moved');
    assert.equal(out.anchor.range.startLine, 2);
  });

  it('uses the line number as id, and reports bad lines without stopping', () => {
    assert.deepEqual(anchorBatchLine('{nope', 3), { id: 3, error: `line 3 is not JSON: ${jsonError('{nope')}` });
    const out = anchorBatchLine(JSON.stringify({ location: { path: 'a' }, currentText: '' }), 4);
    assert.ok('error' in out && out.id === 4 && out.error.includes('location.startLine'));
  });
});

function jsonError(text: string): string {
  try {
    JSON.parse(text);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}
