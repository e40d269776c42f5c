import * as assert from 'node:assert/strict';
import { ACKNOWLEDGE_REASONS, DISPUTE_REASONS } from '../../../src/shared/feed';
import { findingIdArgument, reasonChoices, validateComment } from '../../../src/client/triageInput';

describe('client/triageInput', () => {
  it('offers exactly the contract reason codes, in its order, each with words for the user', () => {
    assert.deepEqual(reasonChoices('acknowledge').map((c) => c.code), [...ACKNOWLEDGE_REASONS]);
    assert.deepEqual(reasonChoices('dispute').map((c) => c.code), [...DISPUTE_REASONS]);
    for (const choice of [...reasonChoices('acknowledge'), ...reasonChoices('dispute')]) {
      assert.ok(choice.label && !choice.label.includes('_'), choice.code);
      assert.ok(choice.description.length > 10, choice.code);
    }
  });

  it('requires a comment for a dispute only', () => {
    assert.match(validateComment('dispute', '  ')!, /needs a comment/);
    assert.equal(validateComment('dispute', 'only reachable from tests'), undefined);
    assert.equal(validateComment('acknowledge', ''), undefined);
    assert.match(validateComment('acknowledge', 'x'.repeat(10_001))!, /at most 10000/);
  });

  it('takes a finding id only as a non-empty string', () => {
    assert.equal(findingIdArgument('F-1'), 'F-1');
    assert.equal(findingIdArgument(undefined), undefined);
    assert.equal(findingIdArgument(''), undefined);
    assert.equal(findingIdArgument({ id: 'F-1' }), undefined);
  });
});
