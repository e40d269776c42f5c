/**
 * The load generator's HTTP client: node:http with keep-alive connections per feed instance, asking
 * for compression as the extension's fetch does, and counting the bytes that crossed the wire.
 */
import { Agent, request } from 'node:http';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip } from 'node:zlib';

const unbrotli = promisify(brotliDecompress);
const unzip = promisify(gunzip);

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: any;
  /** Body bytes as sent (compressed, when it was). */
  wireBytes: number;
  ms: number;
}

const agents = new Map<string, Agent>();

function agentFor(origin: string, maxSockets: number): Agent {
  let agent = agents.get(origin);
  if (!agent) agents.set(origin, (agent = new Agent({ keepAlive: true, maxSockets })));
  return agent;
}

export function closeAgents(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}

export function send(
  url: string,
  options: {
    method?: string;
    token: string;
    body?: unknown;
    headers?: Record<string, string>;
    acceptEncoding?: string;
    maxSockets?: number;
  },
): Promise<Answer> {
  const target = new URL(url);
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: options.method ?? 'GET',
        agent: agentFor(target.origin, options.maxSockets ?? 256),
        headers: {
          Authorization: `Bearer ${options.token}`,
          'Accept-Encoding': options.acceptEncoding ?? 'gzip, deflate, br',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }),
          ...options.headers,
        },
        timeout: 60_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const encoding = res.headers['content-encoding'];
          const unpacked = encoding === 'br' ? unbrotli(raw) : encoding === 'gzip' ? unzip(raw) : Promise.resolve(raw);
          unpacked.then((text) => {
            let json: unknown;
            try {
              json = text.length === 0 ? undefined : JSON.parse(text.toString('utf8'));
            } catch {
              json = undefined;
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, json, wireBytes: raw.length, ms: performance.now() - started });
          }, reject);
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer within 60 s')));
    req.on('error', reject);
    req.end(body);
  });
}
