import * as assert from 'node:assert/strict';
import { FeedRequests, parseFeedLine } from '../../../../bench/editor/feedRequests';
import { jsonLogger, type RequestLine } from '../../../../src/feed/logger';

/** The lines the reference feed's own logger writes, so that the bench reads what the feed really logs. */
function feedLines(write: (log: ReturnType<typeof jsonLogger>) => void): string[] {
  const lines: string[] = [];
  write(jsonLogger((line) => lines.push(line), 'bench'));
  return lines;
}

const request = (route: string, ms: number): RequestLine => ({ method: 'GET', route, status: 200, ms, bytes: 120 });

describe('bench/editor/feedRequests', () => {
  it('dates a request from the time its log line was heard and the duration it says', () => {
    const [line] = feedLines((log) => log.request(request('/v1/projects/{project}/findings', 37)));
    assert.deepEqual(parseFeedLine(line!, 10_000), {
      method: 'GET',
      path: '/v1/projects/{project}/findings',
      status: 200,
      startedAt: 9_963,
      endedAt: 10_000,
    });
    const [listening] = feedLines((log) => log.info('listening', { host: '127.0.0.1', port: 4000 }));
    assert.equal(parseFeedLine(listening!, 10_000), undefined);
    assert.equal(parseFeedLine('[feed] could not start: EADDRINUSE', 10_000), undefined);
  });

  it('keeps /v1 requests only, and gives those started since a time', () => {
    const requests = new FeedRequests();
    for (const line of feedLines((log) => {
      log.request(request('/__admin/requests', 1));
      log.request(request('/v1/me', 0));
    }))
      requests.hear(line);
    assert.deepEqual(
      requests.since(0).map((r) => r.path),
      ['/v1/me'],
    );
    assert.deepEqual(requests.since(Date.now() + 60_000), []);
  });
});
