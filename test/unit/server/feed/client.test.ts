/**
 * The feed client against small loopback servers: what it sends, how each kind of failure is
 * reported, and that the token never leaves the configured origin nor reaches the log.
 */
import { strict as assert } from 'node:assert';
import { FeedClient, type FeedClientOptions } from '../../../../src/server/feed/client';
import { FeedRequestError, isRetryable, type FeedErrorKind } from '../../../../src/server/feed/errors';
import { finding, listen, rejection, sendJson, type Loopback } from './loopback';

const TOKEN = 'tok_s3cr3t-Value.123';

function kindOf(err: unknown): FeedErrorKind | undefined {
  return err instanceof FeedRequestError ? err.kind : undefined;
}

describe('FeedClient', function () {
  this.timeout(10_000);
  const servers: Loopback[] = [];
  const logs: string[] = [];

  async function server(handler: Parameters<typeof listen>[0]): Promise<Loopback> {
    const s = await listen(handler);
    servers.push(s);
    return s;
  }

  function client(url: string, opts: Partial<FeedClientOptions> = {}): FeedClient {
    return new FeedClient({ baseUrl: url, token: TOKEN, timeoutMs: 2_000, log: (level, msg) => logs.push(`${level} ${msg}`), ...opts });
  }

  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
    for (const line of logs) assert.ok(!line.includes(TOKEN), `the log holds the token: ${line}`);
    logs.length = 0;
  });

  it('refuses to be built for plain http off loopback, before any request', () => {
    assert.throws(
      () => client('http://feed.example.com'),
      (e: unknown) => kindOf(e) === 'insecure',
    );
    assert.throws(
      () => client('not a url'),
      (e: unknown) => e instanceof FeedRequestError && /findingsLens\.feed\.url/.test(e.message),
    );
    assert.throws(
      () => client('https://feed.example.com', { token: 'two words' }),
      (e: unknown) => kindOf(e) === 'unauthorized',
    );
  });

  it('sends the token, Accept and User-Agent, and parses /v1/me', async () => {
    const s = await server((_req, res) =>
      sendJson(res, 200, { user: { id: 'dana', name: 'Dana' }, role: 'developer', projects: ['acme'] }),
    );
    const me = await client(s.url).me();
    assert.equal(me.user.id, 'dana');
    const [req] = s.requests;
    assert.equal(req!.url, '/v1/me');
    assert.equal(req!.headers.authorization, `Bearer ${TOKEN}`);
    assert.equal(req!.headers.accept, 'application/json');
    assert.match(req!.headers['user-agent'] ?? '', /^findings-lens\/\d+\.\d+\.\d+/);
  });

  it('keeps a path prefix of the base URL and encodes path segments', async () => {
    const s = await server((_req, res) => sendJson(res, 200, { findings: [], nextCursor: null, syncToken: 's' }));
    await client(`${s.url}/feed/`).findingsPage('a/b c', { since: 'x y', limit: 50 });
    assert.equal(s.requests[0]!.url, '/feed/v1/projects/a%2Fb%20c/findings?since=x+y&limit=50');
  });

  it('posts a triage decision with Content-Type, Idempotency-Key and If-Match', async () => {
    const decision = {
      id: 'D-1',
      findingId: 'F-1',
      action: 'acknowledge',
      reason: 'will_fix',
      comment: '',
      actor: { id: 'dana', name: 'Dana' },
      at: '2025-01-01T00:00:00Z',
      review: null,
    };
    const s = await server((_req, res) => sendJson(res, 201, { decision, revision: 'r2' }));
    const answer = await client(s.url).postTriage(
      'F-1',
      { action: 'acknowledge', reason: 'will_fix', comment: '' },
      { idempotencyKey: 'key-1', ifMatch: 'r1' },
    );
    assert.equal(answer.revision, 'r2');
    const [req] = s.requests;
    assert.equal(req!.method, 'POST');
    assert.equal(req!.url, '/v1/findings/F-1/triage');
    assert.equal(req!.headers['content-type'], 'application/json');
    assert.equal(req!.headers['idempotency-key'], 'key-1');
    assert.equal(req!.headers['if-match'], 'r1');
    assert.deepEqual(JSON.parse(req!.body), { action: 'acknowledge', reason: 'will_fix', comment: '' });
  });

  it('posts a review and lists triage decisions', async () => {
    const s = await server((req, res) =>
      req.method === 'GET' ? sendJson(res, 200, { decisions: [] }) : sendJson(res, 400, { error: { code: 'bad_request', message: 'no' } }),
    );
    const list = await client(s.url).listTriage('acme', 'pending');
    assert.deepEqual(list.decisions, []);
    assert.equal(s.requests[0]!.url, '/v1/projects/acme/triage?state=pending');
    const err = await rejection(client(s.url).postReview('D-1', { decision: 'approve', comment: '' }, { idempotencyKey: 'k' }));
    assert.equal(kindOf(err), 'badRequest');
    assert.equal(s.requests[1]!.url, '/v1/triage/D-1/review');
    assert.equal(s.requests[1]!.headers['idempotency-key'], 'k');
  });

  it("maps each error status to its kind, with the feed's own message and code", async () => {
    const cases: [number, FeedErrorKind][] = [
      [400, 'badRequest'],
      [401, 'unauthorized'],
      [403, 'forbidden'],
      [404, 'notFound'],
      [409, 'conflict'],
      [422, 'badRequest'],
      [429, 'rateLimited'],
      [500, 'server'],
      [503, 'server'],
    ];
    const s = await server((req, res) => {
      const status = Number(new URL(req.url, 'http://x').searchParams.get('state'));
      sendJson(res, status, { error: { code: `code_${status}`, message: `the feed says ${status}` } });
    });
    for (const [status, kind] of cases) {
      const err = await rejection(client(s.url).listTriage('p', String(status) as 'all'));
      assert.ok(err instanceof FeedRequestError, `${status}`);
      assert.equal(err.kind, kind, `${status}`);
      assert.equal(err.status, status);
      assert.equal(err.code, `code_${status}`);
      assert.match(err.message, new RegExp(`the feed says ${status}`));
      assert.equal(isRetryable(err), kind === 'rateLimited' || kind === 'server', `${status} retryable`);
    }
  });

  it('keeps a 412 body: it holds the current finding', async () => {
    const current = finding('F-1', { revision: 'r9' });
    const s = await server((_req, res) =>
      sendJson(res, 412, { error: { code: 'revision_mismatch', message: 'the finding changed' }, finding: current }),
    );
    const err = await rejection(
      client(s.url).postTriage('F-1', { action: 'acknowledge', reason: 'will_fix', comment: '' }, { idempotencyKey: 'k', ifMatch: 'r1' }),
    );
    assert.equal(kindOf(err), 'precondition');
    assert.deepEqual((err as FeedRequestError).body, {
      error: { code: 'revision_mismatch', message: 'the finding changed' },
      finding: current,
    });
  });

  it('reads Retry-After of a 429 in seconds or as an HTTP-date', async () => {
    let answer = 0;
    const s = await server((_req, res) => {
      answer++;
      const retryAfter = answer === 1 ? '7' : new Date(Date.now() + 60_000).toUTCString();
      sendJson(res, 429, { error: { code: 'rate_limited', message: 'slow down' } }, { 'retry-after': retryAfter });
    });
    const first = (await rejection(client(s.url).me())) as FeedRequestError;
    assert.equal(first.kind, 'rateLimited');
    assert.equal(first.retryAfterMs, 7000);
    const second = (await rejection(client(s.url).me())) as FeedRequestError;
    assert.ok(second.retryAfterMs !== undefined && second.retryAfterMs > 55_000 && second.retryAfterMs <= 60_000, `${second.retryAfterMs}`);
  });

  it('shows at most a short excerpt of an HTML error page', async () => {
    const page = `<html><head><style>body{color:red}</style></head><body><h1>502 Bad Gateway</h1><p>${'upstream trouble '.repeat(200)}</p></body></html>`;
    const s = await server((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end(page);
    });
    const err = (await rejection(client(s.url).me())) as FeedRequestError;
    assert.equal(err.kind, 'server');
    assert.equal(err.status, 502);
    assert.match(err.message, /^502 Bad Gateway/);
    assert.ok(!err.message.includes('<'), err.message);
    assert.ok(err.message.length < 200, `message is ${err.message.length} chars`);
  });

  it('reports a 200 whose body is not JSON as malformed, with the bytes received', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>maintenance</html>');
    });
    const err = (await rejection(client(s.url).findingsPage('p', {}))) as FeedRequestError;
    assert.equal(err.kind, 'malformed');
    assert.match(err.message, /not JSON \(24 bytes received\)/);
  });

  it('reports a body cut off half-way (socket destroyed) as malformed, with the bytes received', async () => {
    const whole = JSON.stringify({ findings: [finding('F-1'), finding('F-2')], nextCursor: null, syncToken: 's' });
    const half = whole.slice(0, Math.floor(whole.length / 2));
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(whole) });
      res.write(half, () => res.destroy());
    });
    const err = (await rejection(client(s.url).findingsPage('p', {}))) as FeedRequestError;
    assert.equal(err.kind, 'malformed');
    assert.match(err.message, new RegExp(`cut off after ${half.length} of ${whole.length} bytes`));
  });

  it('reports a chunked body cut off without a length as malformed', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"findings":[{"id":"F-1",', () => res.destroy());
    });
    const err = (await rejection(client(s.url).findingsPage('p', {}))) as FeedRequestError;
    assert.equal(err.kind, 'malformed');
    assert.match(err.message, /cut off after 25 bytes|not JSON \(25 bytes received\)/);
  });

  it('reports a page that is not a FindingsPage as malformed, naming the first problem', async () => {
    const s = await server((_req, res) => sendJson(res, 200, { findings: [], nextCursor: null }));
    const err = (await rejection(client(s.url).findingsPage('p', {}))) as FeedRequestError;
    assert.equal(err.kind, 'malformed');
    assert.match(err.message, /syncToken/);
  });

  it('gives up on a request that hangs, within the configured timeout', async () => {
    const s = await server(() => undefined);
    const started = Date.now();
    const err = (await rejection(client(s.url, { timeoutMs: 300 }).me())) as FeedRequestError;
    const elapsed = Date.now() - started;
    assert.equal(err.kind, 'timeout');
    assert.ok(elapsed >= 250 && elapsed < 2000, `gave up after ${elapsed} ms`);
  });

  it('gives up on a body that stops half-way, within the configured timeout', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 1000 });
      res.write('{"findings":[');
    });
    const started = Date.now();
    const err = (await rejection(client(s.url, { timeoutMs: 300 }).findingsPage('p', {}))) as FeedRequestError;
    assert.equal(err.kind, 'timeout');
    assert.ok(Date.now() - started < 2000);
  });

  it('reports a refused connection as network', async () => {
    const s = await listen(() => undefined);
    await s.close();
    const err = (await rejection(client(s.url).me())) as FeedRequestError;
    assert.equal(err.kind, 'network');
    assert.match(err.message, /ECONNREFUSED/);
  });

  it('does not follow a redirect: the other listener never sees a request, let alone the token', async () => {
    const elsewhere = await server((_req, res) => sendJson(res, 200, { findings: [], nextCursor: null, syncToken: 's' }));
    const s = await server((req, res) => {
      res.writeHead(302, { location: `${elsewhere.url}${req.url}` });
      res.end();
    });
    const err = (await rejection(client(s.url).findingsPage('p', {}))) as FeedRequestError;
    assert.equal(err.kind, 'badOrigin');
    assert.match(err.message, new RegExp(`redirected to ${elsewhere.url.replace(/[.]/g, '\\.')}`));
    assert.match(err.message, /token was not sent/);
    assert.equal(s.requests.length, 1);
    assert.equal(elsewhere.requests.length, 0);
    assert.ok(elsewhere.requests.every((r) => r.headers.authorization === undefined));
  });

  it('refuses a cursor that is a URL on another origin without contacting it', async () => {
    const elsewhere = await server((_req, res) => sendJson(res, 200, { findings: [], nextCursor: null, syncToken: 's' }));
    const s = await server((_req, res) => sendJson(res, 200, { findings: [], nextCursor: null, syncToken: 's' }));
    const err = await rejection(client(s.url).findingsPage('p', { cursor: `${elsewhere.url}/v1/projects/p/findings?cursor=2` }));
    assert.equal(kindOf(err), 'badOrigin');
    assert.equal(elsewhere.requests.length + s.requests.length, 0);
  });

  it("passes the caller's abort through as an abort, not as a feed failure", async () => {
    const s = await server(() => undefined);
    const controller = new AbortController();
    const pending = rejection(client(s.url).me(controller.signal));
    await waitFor(() => s.requests.length === 1, 'the request to arrive');
    controller.abort();
    const err = await pending;
    assert.ok(!(err instanceof FeedRequestError));
    assert.equal((err as Error).name, 'AbortError');
  });

  it('never logs the token, nor puts it in an error message, even when the feed echoes it', async () => {
    const s = await server((req, res) => {
      const echoed = req.headers.authorization ?? '';
      if (req.url.startsWith('/v1/me')) sendJson(res, 401, { error: { code: 'unauthorized', message: `bad token ${echoed}` } });
      else {
        res.writeHead(500);
        res.end(`oops ${echoed}`);
      }
    });
    const c = client(s.url);
    const errors = [await rejection(c.me()), await rejection(c.findingsPage('p', { since: 's' }))] as Error[];
    for (const err of errors) assert.ok(!err.message.includes(TOKEN), err.message);
    assert.ok(logs.length >= 2, 'each request is logged');
    assert.ok(
      logs.some((l) => l.includes('[token]')),
      'the echoed token is redacted, not dropped silently',
    );
    for (const line of logs) assert.ok(!line.includes(TOKEN), line);
    for (const r of s.requests) assert.ok(!r.url.includes(TOKEN), 'the token is never in a URL');
  });
});

/** Polls a condition every few ms; fails loudly after 2 s. */
async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 2_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
