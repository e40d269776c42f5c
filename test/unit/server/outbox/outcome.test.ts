import { strict as assert } from 'node:assert';
import { FeedRequestError, type FeedErrorKind } from '../../../../src/server/feed/errors';
import { applyOutcome, classifyFailure } from '../../../../src/server/outbox/outcome';
import type { TriageEntry } from '../../../../src/server/outbox/entry';
import { fullJitter } from '../../../../src/server/outbox/retry';

function feedError(kind: FeedErrorKind, status?: number, body?: unknown, retryAfterMs?: number): Error {
  return new FeedRequestError(kind, `feed said ${status}`, { status, body, retryAfterMs });
}

const finding = {
  id: 'F-1',
  revision: 'r2',
  ruleId: 'x',
  title: 't',
  message: 'm',
  severity: 'high',
  status: 'open',
  location: { path: 'a.ts', startLine: 1 },
  createdAt: 'c',
  updatedAt: 'u',
};

const entry: TriageEntry = {
  id: '00000000-0000-4000-8000-000000000001',
  kind: 'triage',
  targetId: 'F-1',
  findingId: 'F-1',
  body: { action: 'acknowledge', reason: 'will_fix', comment: '' },
  ifMatch: 'r1',
  state: 'pending',
  attempts: 2,
  nextAttemptAt: 0,
  queuedAt: 'q',
  updatedAt: 'q',
};

describe('outbox send outcomes', () => {
  it('turns a 412 into a conflict carrying the feed message and its current finding', () => {
    const o = classifyFailure(feedError('precondition', 412, { error: { code: 'stale', message: 'finding changed' }, finding }));
    assert.equal(o.kind, 'conflict');
    assert.equal(o.kind === 'conflict' && o.current?.revision, 'r2');
    const next = applyOutcome(entry, o, 0, () => 0);
    assert.equal(next.state, 'conflict');
    assert.equal(next.message, 'finding changed');
    assert.equal(next.kind === 'triage' && next.current?.revision, 'r2');
  });

  it("refuses on 400/403/404/409 with the feed's own message", () => {
    for (const kind of ['badRequest', 'forbidden', 'notFound', 'conflict'] as const) {
      const o = classifyFailure(feedError(kind, 403, { error: { code: 'c', message: 'only leads review' } }));
      assert.deepEqual(o, { kind: 'refused', message: 'only leads review' });
    }
  });

  it('keeps retrying what it does not understand, with backoff and Retry-After', () => {
    for (const err of [
      feedError('server', 503),
      feedError('network'),
      feedError('timeout'),
      feedError('malformed', 201),
      new TypeError('boom'),
      'weird',
    ]) {
      assert.equal(classifyFailure(err).kind, 'retry');
    }
    const o = classifyFailure(feedError('rateLimited', 429, undefined, 7_000));
    const next = applyOutcome(
      entry,
      o,
      1_000,
      fullJitter({ baseMs: 10, capMs: 100, retryAfterCapMs: 60_000 }, () => 0.5),
    );
    assert.equal(next.state, 'pending');
    assert.equal(next.attempts, 3);
    assert.equal(next.nextAttemptAt, 8_000, 'Retry-After wins');
    assert.match(next.message!, /kept and will be sent again/);
  });

  it('holds a 401 back as pending with a message about the token', () => {
    const next = applyOutcome(entry, classifyFailure(feedError('unauthorized', 401)), 0, () => 0);
    assert.equal(next.state, 'pending');
    assert.match(next.message!, /token/);
  });

  it('backs off exponentially with full jitter, capped', () => {
    const d = fullJitter({ baseMs: 10, capMs: 100, retryAfterCapMs: 50 }, () => 0.999);
    assert.deepEqual(
      [0, 1, 2, 3, 4, 10].map((a) => d(a, undefined)),
      [9, 19, 39, 79, 99, 99],
    );
    assert.equal(d(0, 1_000), 50, 'Retry-After capped');
    assert.equal(fullJitter({ baseMs: 10, capMs: 100, retryAfterCapMs: 50 }, () => 0)(5, undefined), 0);
  });
});
