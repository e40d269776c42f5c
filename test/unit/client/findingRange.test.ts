import * as assert from 'node:assert/strict';
import { findingRange } from '../../../src/client/findingRange';

describe('client/findingRange', () => {
  it('turns the feed 1-based location into a 0-based range', () => {
    assert.deepEqual(findingRange({ path: 'a.ts', startLine: 10, startColumn: 5, endLine: 12, endColumn: 3 }), {
      startLine: 9,
      startCharacter: 4,
      endLine: 11,
      endCharacter: 2,
    });
  });

  it('puts the cursor at the start of the line when the feed gives only a line', () => {
    assert.deepEqual(findingRange({ path: 'a.ts', startLine: 1 }), { startLine: 0, startCharacter: 0, endLine: 0, endCharacter: 0 });
  });

  it('never ends before it starts, even when the feed says so', () => {
    const r = findingRange({ path: 'a.ts', startLine: 5, startColumn: 8, endLine: 3, endColumn: 2 });
    assert.equal(r.endLine, 4);
    assert.ok(r.endCharacter >= r.startCharacter);
  });
});
