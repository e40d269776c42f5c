import { strict as assert } from 'node:assert';
import { DEFAULT_BACKOFF, retryDelay, type BackoffPolicy } from '../../../../src/server/feed/backoff';
import { parseRetryAfter } from '../../../../src/server/feed/retryAfter';

describe('retryDelay', () => {
  const policy: BackoffPolicy = { baseMs: 1000, capMs: 60_000, retryAfterCapMs: 120_000 };

  it('stays within [0, base * 2^attempt] (full jitter)', () => {
    assert.equal(
      retryDelay(0, undefined, policy, () => 0),
      0,
    );
    assert.equal(
      retryDelay(0, undefined, policy, () => 0.999999),
      999,
    );
    assert.equal(
      retryDelay(3, undefined, policy, () => 0.5),
      4000,
    );
    assert.equal(
      retryDelay(3, undefined, policy, () => 0.999999),
      7999,
    );
  });

  it('never exceeds the cap however many attempts failed', () => {
    assert.equal(
      retryDelay(10, undefined, policy, () => 0.999999),
      59_999,
    );
    assert.equal(
      retryDelay(10_000, undefined, policy, () => 0.999999),
      59_999,
    );
    for (let attempt = 0; attempt < 50; attempt++) {
      const d = retryDelay(attempt, undefined);
      assert.ok(d >= 0 && d <= DEFAULT_BACKOFF.capMs, `attempt ${attempt}: ${d}`);
    }
  });

  it('lets a Retry-After win over the jitter, capped at retryAfterCapMs', () => {
    assert.equal(
      retryDelay(0, 5000, policy, () => 0),
      5000,
    );
    assert.equal(
      retryDelay(8, 0, policy, () => 0.9),
      0,
    );
    assert.equal(
      retryDelay(0, 3_600_000, policy, () => 0),
      120_000,
    );
  });

  it('honours Retry-After up to 10 minutes by default', () => {
    assert.equal(retryDelay(0, 9 * 60_000), 9 * 60_000);
    assert.equal(retryDelay(0, 60 * 60_000), 10 * 60_000);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-06-01T12:00:00Z');

  it('reads delay-seconds', () => {
    assert.equal(parseRetryAfter('120', now), 120_000);
    assert.equal(parseRetryAfter(' 0 ', now), 0);
  });

  it('reads an HTTP-date, as the time left until it', () => {
    assert.equal(parseRetryAfter('Sun, 01 Jun 2025 12:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('Sun, 01 Jun 2025 11:00:00 GMT', now), 0, 'a date in the past means now');
  });

  it('ignores what is neither', () => {
    assert.equal(parseRetryAfter(null, now), undefined);
    assert.equal(parseRetryAfter('', now), undefined);
    assert.equal(parseRetryAfter('-5', now), undefined);
    assert.equal(parseRetryAfter('1.5', now), undefined);
    assert.equal(parseRetryAfter('soon', now), undefined);
  });
});
