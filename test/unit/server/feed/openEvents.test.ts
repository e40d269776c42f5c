/**
 * FeedClient.openEvents against loopback servers: the same token, origin and redirect rules as
 * every request, and each refusal reported as the FeedRequestError the stream client switches on.
 */
import { strict as assert } from 'node:assert';
import { FeedClient } from '../../../../src/server/feed/client';
import { FeedRequestError } from '../../../../src/server/feed/errors';
import { listen, rejection, sendJson, type Loopback } from './loopback';

const TOKEN = 'tok_str3am-Value.9';

describe('FeedClient.openEvents', function () {
  this.timeout(10_000);
  const servers: Loopback[] = [];
  const logs: string[] = [];
  const aborts: AbortController[] = [];

  async function server(handler: Parameters<typeof listen>[0]): Promise<Loopback> {
    const s = await listen(handler);
    servers.push(s);
    return s;
  }

  function client(url: string, timeoutMs = 2_000): FeedClient {
    return new FeedClient({ baseUrl: url, token: TOKEN, timeoutMs, log: (level, msg) => logs.push(`${level} ${msg}`) });
  }

  function signal(): AbortSignal {
    const abort = new AbortController();
    aborts.push(abort);
    return abort.signal;
  }

  afterEach(async () => {
    for (const a of aborts.splice(0)) a.abort();
    for (const s of servers.splice(0)) await s.close();
    for (const line of logs) assert.ok(!line.includes(TOKEN), `the log holds the token: ${line}`);
    logs.length = 0;
  });

  it('sends the token, Accept: text/event-stream and Last-Event-ID, and hands over the body as it streams', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
      res.write('event: ready\ndata: {"project":"acme","heartbeatSeconds":15}\n\n');
    });
    const body = await client(s.url).openEvents('acme', 'tok-41', signal());
    const reader = body.getReader();
    const first = await reader.read();
    assert.match(new TextDecoder().decode(first.value), /event: ready/);
    const [req] = s.requests;
    assert.equal(req!.url, '/v1/projects/acme/events');
    assert.equal(req!.headers.authorization, `Bearer ${TOKEN}`);
    assert.equal(req!.headers.accept, 'text/event-stream');
    assert.equal(req!.headers['last-event-id'], 'tok-41');
  });

  it('sends no Last-Event-ID on a first stream, and the timeout does not end a stream that is open', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': open\n\n');
      setTimeout(() => res.end('event: ready\ndata: {}\n\n'), 400).unref();
    });
    const body = await client(s.url, 200).openEvents('acme', undefined, signal());
    assert.equal(s.requests[0]!.headers['last-event-id'], undefined);
    // The whole body arrives although it takes longer than the request timeout (200 ms).
    const text = await new Response(body).text();
    assert.match(text, /event: ready/);
  });

  it('never follows a redirect, to another origin or its own', async () => {
    const elsewhere = await server((_req, res) => sendJson(res, 200, {}));
    const s = await server((_req, res) => {
      res.writeHead(307, { location: `${elsewhere.url}/v1/projects/acme/events` });
      res.end();
    });
    const err = await rejection(client(s.url).openEvents('acme', undefined, signal()));
    assert.ok(err instanceof FeedRequestError && err.kind === 'badOrigin', String(err));
    assert.equal(elsewhere.requests.length, 0, 'the redirect was followed');
  });

  it('reports a refusal with its status and Retry-After (429, 503, 401, 404)', async () => {
    const answers = [
      [429, 'too_many_streams', { 'retry-after': '7' }],
      [503, 'too_many_streams', { 'retry-after': '3' }],
      [401, 'unauthorized', {}],
      [404, 'not_found', {}],
    ] as const;
    let next = 0;
    const s = await server((_req, res) => {
      const [status, code, headers] = answers[next++]!;
      sendJson(res, status, { error: { code, message: `refused ${status}` } }, headers);
    });
    const c = client(s.url);
    for (const [status, , headers] of answers) {
      const err = await rejection(c.openEvents('acme', undefined, signal()));
      assert.ok(err instanceof FeedRequestError, String(err));
      assert.equal(err.status, status);
      assert.equal(err.retryAfterMs, 'retry-after' in headers ? Number(headers['retry-after']) * 1000 : undefined);
    }
  });

  it('refuses a 200 that is not an event stream', async () => {
    const s = await server((_req, res) => sendJson(res, 200, { findings: [] }));
    const err = await rejection(client(s.url).openEvents('acme', undefined, signal()));
    assert.ok(err instanceof FeedRequestError && err.kind === 'malformed', String(err));
    assert.match(err.message, /not an event stream/);
  });

  it('times out when the answer does not even start', async () => {
    const s = await server(() => undefined);
    const err = await rejection(client(s.url, 150).openEvents('acme', undefined, signal()));
    assert.ok(err instanceof FeedRequestError && err.kind === 'timeout', String(err));
    assert.equal(s.requests.length, 1);
  });
});
