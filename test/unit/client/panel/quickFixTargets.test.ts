import * as assert from 'node:assert/strict';
import { findingIdOf } from '../../../../src/client/panel/quickFixTargets';
import { makeItem } from '../../webview/fixtures';

describe('quick fix targets', () => {
  const items = [makeItem(1, { uri: 'file:///r/a.ts', line: 4, ruleId: 'js/xss' }), makeItem(2, { uri: 'file:///r/a.ts', line: 4, ruleId: 'js/sqli' })];

  it('uses the finding id the server put in the diagnostic data', () => {
    assert.equal(findingIdOf({ data: { findingId: 'F-9' }, line: 0 }, 'file:///r/a.ts', items), 'F-9');
  });

  it('else matches file, line and rule', () => {
    assert.equal(findingIdOf({ code: 'js/sqli', line: 4 }, 'file:///r/a.ts', items), 'F-2');
    assert.equal(findingIdOf({ code: { value: 'js/xss' }, line: 4 }, 'file:///r/a.ts', items), 'F-1');
    assert.equal(findingIdOf({ code: 'js/xss', line: 5 }, 'file:///r/a.ts', items), undefined);
    assert.equal(findingIdOf({ data: { findingId: 3 }, code: 'js/xss', line: 4 }, 'file:///r/b.ts', items), undefined);
  });
});
