import * as assert from 'node:assert/strict';
import { REDACTED, Redactor } from '../../../src/client/redact';

describe('client/redact', () => {
  const token = 'fl_dev_9f8e7d6c5b4a';

  it('blanks a remembered token wherever it appears', () => {
    const r = new Redactor();
    r.remember(token);
    assert.equal(r.redact(`sent ${token} twice: ${token}.`), `sent ${REDACTED} twice: ${REDACTED}.`);
  });

  it('blanks the token in a protocol trace of setToken, even one it was never told about', () => {
    const r = new Redactor();
    const trace = `[Trace] Sending notification 'findingsLens/setToken'.\nParams: {\n    "token": "${token}"\n}`;
    const out = r.redact(trace);
    assert.ok(!out.includes(token), out);
    assert.match(out, /"token": "‹redacted›"/);
  });

  it('blanks bearer credentials and token query parameters', () => {
    const r = new Redactor();
    assert.equal(r.redact('Authorization: Bearer abc.def-ghi'), `Authorization: Bearer ${REDACTED}`);
    assert.equal(r.redact('GET https://feed/x?token=abc&y=1'), `GET https://feed/x?token=${REDACTED}&y=1`);
  });

  it('leaves ordinary text alone, including syncToken and short remembered values', () => {
    const r = new Redactor();
    r.remember('ab');
    const text = '{"syncToken": "s-42", "nextCursor": null} about a tab';
    assert.equal(r.redact(text), text);
  });

  it('redacts errors and objects passed as log arguments', () => {
    const r = new Redactor();
    r.remember(token);
    assert.ok(!r.redactValue(new Error(`bad ${token}`)).includes(token));
    assert.ok(!r.redactValue({ header: `Bearer ${token}` }).includes(token));
    assert.equal(r.redactValue(42), '42');
  });
});
