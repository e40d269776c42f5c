import * as assert from 'node:assert/strict';
import { FeedRequests, parseFeedLine } from '../../../../bench/editor/feedRequests';

describe('bench/editor/feedRequests', () => {
  it('dates a request from the time its log line was heard and the duration it says', () => {
    assert.deepEqual(parseFeedLine('[feed] GET /v1/projects/monorepo/findings 200 37ms', 10_000), {
      method: 'GET',
      path: '/v1/projects/monorepo/findings',
      status: 200,
      startedAt: 9_963,
      endedAt: 10_000,
    });
    assert.equal(parseFeedLine('[feed] listening on http://127.0.0.1:4000 (projects: monorepo)', 10_000), undefined);
  });

  it('keeps /v1 requests only, and gives those started since a time', () => {
    const requests = new FeedRequests();
    requests.hear('[feed] GET /__admin/requests 200 1ms');
    requests.hear('[feed] GET /v1/me 200 0ms');
    assert.deepEqual(
      requests.since(0).map((r) => r.path),
      ['/v1/me'],
    );
    assert.deepEqual(requests.since(Date.now() + 60_000), []);
  });
});
