import * as assert from 'node:assert/strict';
import { withSeverityIcon } from '../../../src/client/lensIcons';
import { clientLogLine } from '../../../src/client/logLine';

describe("the language client's log lines", () => {
  it('lose their own time, keeping their level', () => {
    assert.deepEqual(clientLogLine('[Info  - 10:14:03 PM] sync: full, 1 page(s)'), { level: 'info', message: 'sync: full, 1 page(s)' });
    assert.deepEqual(clientLogLine('[Warn  - 22:14:03] sync attempt failed'), { level: 'warn', message: 'sync attempt failed' });
    assert.deepEqual(clientLogLine('[Trace - 10:14:03 AM] Sending request'), { level: 'trace', message: 'Sending request' });
  });

  it('leave any other line alone', () => {
    assert.equal(clientLogLine('{"jsonrpc":"2.0"}'), undefined);
    assert.equal(clientLogLine('[Info] no time'), undefined);
  });
});

describe('a code lens title', () => {
  it("gets its severity's icon in front, and nothing else changes", () => {
    assert.equal(withSeverityIcon('Critical · SQL injection · open'), '$(flame) Critical · SQL injection · open');
    assert.equal(withSeverityIcon('≈ High · Path traversal · open'), '$(error) ≈ High · Path traversal · open');
    assert.equal(withSeverityIcon('Info · x · open'), '$(circle-outline) Info · x · open');
    assert.equal(withSeverityIcon('Acknowledge'), 'Acknowledge');
    assert.equal(withSeverityIcon('Location uncertain: Critical · x'), 'Location uncertain: Critical · x');
  });
});
