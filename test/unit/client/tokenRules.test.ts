import * as assert from 'node:assert/strict';
import { feedOrigin, tokenSecretKey, validateTokenInput } from '../../../src/client/tokenRules';

describe('client/tokenRules', () => {
  it('keeps one token per feed origin, whatever the path, case or default port', () => {
    assert.equal(tokenSecretKey('https://Feed.Example.com:443/v1/'), 'findingsLens.feedToken:https://feed.example.com');
    assert.equal(tokenSecretKey('http://127.0.0.1:8787'), 'findingsLens.feedToken:http://127.0.0.1:8787');
    assert.notEqual(tokenSecretKey('https://a.example'), tokenSecretKey('https://b.example'));
    assert.notEqual(tokenSecretKey('https://a.example'), tokenSecretKey('https://a.example:8443'));
  });

  it('has no key for an empty or unusable URL', () => {
    assert.equal(tokenSecretKey(''), undefined);
    assert.equal(tokenSecretKey('   '), undefined);
    assert.equal(tokenSecretKey('feed.example.com'), undefined);
    assert.equal(feedOrigin('file:///etc/passwd'), undefined);
  });

  it('accepts a plain token and an empty value (which means clear)', () => {
    assert.equal(validateTokenInput('fl_dev_abc123'), undefined);
    assert.equal(validateTokenInput('  fl_dev_abc123  '), undefined);
    assert.equal(validateTokenInput(''), undefined);
  });

  it('refuses what cannot be a token, saying why', () => {
    assert.match(validateTokenInput('Bearer abc')!, /without the "Bearer "/);
    assert.match(validateTokenInput('abc def')!, /no spaces/);
    assert.match(validateTokenInput('abc\ndef')!, /line breaks/);
    assert.match(validateTokenInput('x'.repeat(5000))!, /at most 4096/);
  });
});
