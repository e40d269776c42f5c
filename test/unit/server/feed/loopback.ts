/**
 * Small HTTP servers on 127.0.0.1 for the feed client's tests. Each records every request it
 * receives (headers included), so a test can assert that a server never saw the token.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  /** Path and query. */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type Handler = (req: Recorded, res: http.ServerResponse) => void;

export interface Loopback {
  /** http://127.0.0.1:PORT */
  url: string;
  requests: Recorded[];
  close(): Promise<void>;
}

/** Starts a server on a free loopback port; the handler answers each request once its body is in. */
export async function listen(handler: Handler): Promise<Loopback> {
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded: Recorded = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      handler(recorded, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers with JSON. */
export function sendJson(res: http.ServerResponse, status: number, value: unknown, headers: http.OutgoingHttpHeaders = {}): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** A valid finding; fields may be overridden (or broken) per test. */
export function finding(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    revision: 'r1',
    ruleId: 'js/sql-injection',
    title: `Finding ${id}`,
    message: 'User input reaches a SQL query.',
    severity: 'high',
    location: { path: 'src/db.ts', startLine: 10 },
    status: 'open',
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-01T00:00:00Z',
    ...overrides,
  };
}

/** Waits for a promise to reject and returns the error; fails loudly if it resolves. */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject, and it resolved');
}
