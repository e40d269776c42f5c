import * as assert from 'node:assert/strict';
import { ACKNOWLEDGE_REASONS, DISPUTE_REASONS } from '../../../src/shared/feed';
import { isValidDraft, reasonLabel, reasonsFor, validateDraft } from '../../../src/webview/decisionForm';

describe('decision form', () => {
  it('offers the reasons of the action only, labelled', () => {
    assert.deepEqual(
      reasonsFor('acknowledge').map((r) => r.value),
      [...ACKNOWLEDGE_REASONS],
    );
    assert.deepEqual(
      reasonsFor('dispute').map((r) => r.value),
      [...DISPUTE_REASONS],
    );
    assert.equal(reasonLabel('used_in_tests'), 'Used in tests only');
    assert.equal(reasonLabel('some_new_code'), 'some_new_code');
  });

  it('acknowledge: a reason is needed, the comment is optional', () => {
    assert.deepEqual(validateDraft({ action: 'acknowledge', reason: 'will_fix', comment: '' }), {});
    assert.ok(validateDraft({ action: 'acknowledge', reason: '', comment: 'x' }).reason);
  });

  it('a reason must belong to the action', () => {
    assert.ok(validateDraft({ action: 'acknowledge', reason: 'false_positive', comment: '' }).reason);
    assert.ok(validateDraft({ action: 'dispute', reason: 'will_fix', comment: 'why' }).reason);
  });

  it('dispute: a justification and a non-blank comment are needed', () => {
    assert.ok(validateDraft({ action: 'dispute', reason: 'false_positive', comment: '  \n ' }).comment);
    assert.equal(isValidDraft({ action: 'dispute', reason: 'false_positive', comment: 'Parsed as int.' }), true);
  });
});
