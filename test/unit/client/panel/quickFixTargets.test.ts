import * as assert from 'node:assert/strict';
import { findingIdOf } from '../../../../src/client/panel/quickFixTargets';

describe('quick fix targets', () => {
  it('uses the finding id the server put in the diagnostic data, with no list at hand', () => {
    assert.equal(findingIdOf({ data: { findingId: 'F-9' } }), 'F-9');
  });

  it('offers nothing for a diagnostic without one', () => {
    assert.equal(findingIdOf({}), undefined);
    assert.equal(findingIdOf({ data: null }), undefined);
    assert.equal(findingIdOf({ data: { findingId: 3 } }), undefined);
    assert.equal(findingIdOf({ data: { findingId: '' } }), undefined);
  });
});
