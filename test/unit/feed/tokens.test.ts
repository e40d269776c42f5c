import { strict as assert } from 'node:assert';
import { ifNoneMatchHits, pageEtag } from '../../../src/feed/etag';
import { Faults } from '../../../src/feed/faults';
import { revisionFromIfMatch } from '../../../src/feed/ifMatch';
import { decodeCursor, decodeSyncToken, encodeCursor, encodeSyncToken } from '../../../src/feed/syncToken';

describe('feed: sync tokens, cursors, ETags and If-Match', () => {
  it('round-trips sync tokens and cursors, and refuses what it did not make', () => {
    assert.equal(decodeSyncToken('db1', encodeSyncToken('db1', 42)), 42);
    assert.equal(decodeSyncToken('db2', encodeSyncToken('db1', 42)), undefined, 'a token of another (or a reset) database');
    const cursor = { feed: 'db1', project: 'p1', after: 3, upto: 9, incremental: true };
    assert.deepEqual(decodeCursor('db1', encodeCursor(cursor)), cursor);
    assert.equal(decodeCursor('db2', encodeCursor(cursor)), undefined);
    for (const bad of ['', 'garbage', Buffer.from('{"v":1,"f":"db1","s":-1}').toString('base64url'), encodeCursor(cursor)]) {
      assert.equal(decodeSyncToken('db1', bad), undefined, bad);
    }
    assert.equal(decodeCursor('db1', encodeSyncToken('db1', 4)), undefined);
    assert.equal(
      decodeCursor('db1', Buffer.from('{"v":1,"f":"db1","p":"p","a":9,"u":3,"i":0}').toString('base64url')),
      undefined,
      'after beyond upto',
    );
  });

  it('changes the ETag with any part of the page identity, and matches lists, weak tags and *', () => {
    const base = { feedId: 'x', project: 'p', since: '', cursor: '', limit: 500, maxSeq: 7 };
    const tag = pageEtag(base);
    assert.match(tag, /^"[A-Za-z0-9_-]+"$/);
    assert.notEqual(pageEtag({ ...base, maxSeq: 8 }), tag);
    assert.notEqual(pageEtag({ ...base, limit: 2 }), tag);
    assert.ok(ifNoneMatchHits(`"other", W/${tag}`, tag));
    assert.ok(ifNoneMatchHits('*', tag));
    assert.ok(!ifNoneMatchHits(undefined, tag));
    assert.ok(!ifNoneMatchHits('"other"', tag));
  });

  it('reads a revision from If-Match with or without quotes', () => {
    assert.equal(revisionFromIfMatch('3'), '3');
    assert.equal(revisionFromIfMatch('"3"'), '3');
    assert.equal(revisionFromIfMatch('W/"3"'), '3');
    assert.equal(revisionFromIfMatch(''), undefined);
    assert.equal(revisionFromIfMatch(undefined), undefined);
  });

  it('uses counted faults up one request at a time, and keeps uncounted ones', () => {
    const faults = new Faults();
    faults.set({ forceStatus: { status: 429, count: 2, paths: 'me' }, hang: {} });
    assert.equal(faults.takeForcedStatus('findings'), undefined);
    assert.equal(faults.takeForcedStatus('me')?.status, 429);
    assert.equal(faults.takeForcedStatus('me')?.status, 429);
    assert.equal(faults.takeForcedStatus('me'), undefined);
    assert.ok(faults.takeHang() && faults.takeHang() && faults.takeHang());
    faults.clear();
    assert.ok(!faults.takeHang());
    faults.set({ failureRate: 0.5 });
    assert.ok(faults.drawFailure(() => 0.4));
    assert.ok(!faults.drawFailure(() => 0.6));
  });
});
