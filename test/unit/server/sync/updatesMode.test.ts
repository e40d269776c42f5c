import { strict as assert } from 'node:assert';
import { ServerSettings } from '../../../../src/shared/settings';
import { pollIntervalMs, RELAXED_POLL_MS, updatesMode } from '../../../../src/server/sync/updatesMode';

const settings = (over: Partial<ServerSettings> = {}) => ServerSettings.parse({ pollInterval: 60, ...over });

describe('updatesMode', () => {
  it('relaxes the poll to an hour only while the stream is live, and keeps a longer poll interval', () => {
    assert.equal(pollIntervalMs(settings(), { kind: 'live' }), RELAXED_POLL_MS);
    assert.equal(pollIntervalMs(settings(), { kind: 'connecting' }), 60_000);
    assert.equal(pollIntervalMs(settings(), { kind: 'polling', reason: 'x', retryAt: 0 }), 60_000);
    assert.equal(pollIntervalMs(settings({ pollInterval: 7200 }), { kind: 'live' }), 7_200_000);
  });

  it('says pushed or polled, and why', () => {
    assert.deepEqual(updatesMode(settings(), { kind: 'live' }), {
      mode: 'pushed',
      message: 'Updates are pushed by the feed as they happen; the poll relaxed to once an hour.',
    });
    const refused = updatesMode(settings(), { kind: 'polling', reason: 'the feed refused the stream (403)', retryAt: Date.now() });
    assert.equal(refused.mode, 'polled');
    assert.match(
      refused.message,
      /^Updates are polled every 1 min: the feed refused the stream \(403\); the event stream is tried again at \d\d:\d\d\.$/,
    );
    assert.match(updatesMode(settings({ pushUpdates: false }), { kind: 'live' }).message, /pushUpdates is off/);
    assert.equal(updatesMode(settings(), { kind: 'closed' }).mode, 'polled');
  });
});
