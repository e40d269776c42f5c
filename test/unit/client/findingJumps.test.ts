import * as assert from 'node:assert/strict';
import { nextSpot, type FindingSpot } from '../../../src/client/findingJumps';

const spot = (uri: string, line: number, character = 0): FindingSpot => ({ uri, line, character });

describe('next and previous finding', () => {
  const spots = [spot('file:///b.ts', 3), spot('file:///a.ts', 20), spot('file:///a.ts', 5, 4), spot('file:///a.ts', 5, 1)];

  it('in the file: the next one after the cursor, wrapping around, skipping the one at the cursor', () => {
    assert.deepEqual(nextSpot(spots, spot('file:///a.ts', 0), 'next', true), spot('file:///a.ts', 5, 1));
    assert.deepEqual(nextSpot(spots, spot('file:///a.ts', 5, 1), 'next', true), spot('file:///a.ts', 5, 4));
    assert.deepEqual(nextSpot(spots, spot('file:///a.ts', 21), 'next', true), spot('file:///a.ts', 5, 1), 'wraps to the first');
    assert.deepEqual(nextSpot(spots, spot('file:///a.ts', 5, 1), 'previous', true), spot('file:///a.ts', 20), 'wraps to the last');
    assert.equal(nextSpot(spots, spot('file:///c.ts', 0), 'next', true), undefined);
  });

  it('across the workspace: on to the next file', () => {
    assert.deepEqual(nextSpot(spots, spot('file:///a.ts', 20), 'next', false), spot('file:///b.ts', 3));
    assert.deepEqual(nextSpot(spots, spot('file:///b.ts', 3), 'previous', false), spot('file:///a.ts', 20));
    assert.deepEqual(nextSpot(spots, spot('', 0), 'next', false), spot('file:///a.ts', 5, 1), 'no editor: the first of all');
  });
});
