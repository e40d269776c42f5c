import { strict as assert } from 'node:assert';
import { FeedRequestError } from '../../../../src/server/feed/errors';
import { resolveNextPage } from '../../../../src/server/feed/nextPage';
import { checkFeedUrl, sameOrigin } from '../../../../src/server/feed/origin';

function refused(raw: string): string {
  const r = checkFeedUrl(raw);
  assert.equal(r.ok, false, `${raw} should be refused`);
  return r.ok ? '' : r.message;
}

function base(raw: string): string {
  const r = checkFeedUrl(raw);
  assert.ok(r.ok, `${raw} should be accepted${r.ok ? '' : `: ${r.message}`}`);
  return r.base.href;
}

describe('checkFeedUrl', () => {
  it('refuses plain http on a public host, naming the setting', () => {
    const message = refused('http://feed.example.com');
    assert.match(message, /findingsLens\.feed\.url/);
    assert.match(message, /https/);
    const r = checkFeedUrl('http://10.0.0.5:8080');
    assert.equal(r.ok === false && r.reason, 'insecure');
  });

  it('allows plain http on loopback: 127.0.0.0/8, localhost and [::1]', () => {
    assert.equal(base('http://127.0.0.1:8080'), 'http://127.0.0.1:8080/');
    assert.equal(base('http://127.1.2.3'), 'http://127.1.2.3/');
    assert.equal(base('http://localhost:3000/'), 'http://localhost:3000/');
    assert.equal(base('http://[::1]:9000'), 'http://[::1]:9000/');
  });

  it('does not mistake a host that only starts like loopback for it', () => {
    refused('http://127.0.0.1.evil.example');
    refused('http://localhost.evil.example');
  });

  it('accepts https anywhere and normalises the path (no trailing slash, no query or fragment)', () => {
    assert.equal(base('https://Feed.Example.com:443/api/'), 'https://feed.example.com/api');
    assert.equal(base('  https://feed.example.com/api//?x=1#y  '), 'https://feed.example.com/api');
  });

  it('refuses garbage, other schemes and credentials in the URL with a message naming the setting', () => {
    for (const raw of ['', 'not a url', 'feed.example.com', 'ftp://feed.example.com', 'https://user:pw@feed.example.com']) {
      assert.match(refused(raw), /findingsLens\.feed\.url/, raw);
    }
    const r = checkFeedUrl('garbage');
    assert.equal(r.ok === false && r.reason, 'invalid');
  });
});

describe('sameOrigin', () => {
  const b = new URL('https://feed.example.com/api');
  it('compares scheme, host and port', () => {
    assert.ok(sameOrigin(new URL('https://feed.example.com:443/v1/x?cursor=1'), b));
    assert.ok(!sameOrigin(new URL('http://feed.example.com/v1/x'), b));
    assert.ok(!sameOrigin(new URL('https://feed.example.com:8443/v1/x'), b));
    assert.ok(!sameOrigin(new URL('https://evil.example/v1/x'), b));
    assert.ok(!sameOrigin(new URL('https://feed.example.com.evil.example/'), b));
  });
});

describe('resolveNextPage', () => {
  const b = new URL('https://feed.example.com');

  it('keeps an opaque cursor as a cursor', () => {
    assert.deepEqual(resolveNextPage('eyJ2IjoxfQ', b), { kind: 'cursor', cursor: 'eyJ2IjoxfQ' });
    assert.deepEqual(resolveNextPage('page:2', b), { kind: 'cursor', cursor: 'page:2' });
  });

  it('follows a URL on the same origin', () => {
    const next = resolveNextPage('https://feed.example.com/v1/projects/p/findings?cursor=abc', b);
    assert.equal(next.kind === 'url' && next.url.href, 'https://feed.example.com/v1/projects/p/findings?cursor=abc');
  });

  it('refuses a URL on any other origin with badOrigin', () => {
    for (const cursor of [
      'https://evil.example/v1/x',
      '//evil.example/v1/x',
      'http://feed.example.com/v1/x',
      'http:evil.example',
      'x://y',
    ]) {
      assert.throws(
        () => resolveNextPage(cursor, b),
        (e: unknown) => e instanceof FeedRequestError && e.kind === 'badOrigin',
        cursor,
      );
    }
  });
});
