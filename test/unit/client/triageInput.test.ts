import * as assert from 'node:assert/strict';
import { findingIdArgument } from '../../../src/client/triageInput';

describe('client/triageInput', () => {
  it('takes a finding id only as a non-empty string', () => {
    assert.equal(findingIdArgument('F-1'), 'F-1');
    assert.equal(findingIdArgument(undefined), undefined);
    assert.equal(findingIdArgument(''), undefined);
    assert.equal(findingIdArgument({ id: 'F-1' }), undefined);
  });
});
