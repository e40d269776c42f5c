/**
 * Reading request bodies and writing JSON answers with node:http.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { chooseEncoding, compress, COMPRESS_FROM_BYTES } from './compression';
import { FeedHttpError } from './errors';

/** Past this much, a body over its bound is no longer read to the end (the connection is dropped instead). */
const MAX_DISCARD_BYTES = 16 * 1024 * 1024;

function tooLarge(maxBytes: number): FeedHttpError {
  return new FeedHttpError(
    413,
    'body_too_large',
    `the request body is larger than ${maxBytes} bytes, the most this endpoint takes`,
    {},
    {
      Connection: 'close',
    },
  );
}

/**
 * Reads the whole body as UTF-8, refusing more than `maxBytes` with 413: at once when
 * Content-Length says so, else as soon as it passes. The rest is read and dropped (up to a bound),
 * so that the client, still sending, gets to read the 413 instead of a reset connection.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    const refuse = (): void => {
      refused = true;
      chunks.length = 0;
      reject(tooLarge(maxBytes));
    };
    if (Number.isFinite(declared) && declared > maxBytes) refuse();
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (refused) {
        if (size > MAX_DISCARD_BYTES) req.destroy();
        return;
      }
      if (size > maxBytes) return refuse();
      chunks.push(chunk);
    });
    req.on('end', () => refused || resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', (err) => refused || reject(err));
  });
}

/**
 * Reads the whole body as bytes, refusing with `tooLarge` a declared or actual size over `maxBytes`.
 * Past the bound the rest is read and dropped, so that the refusal still reaches the client.
 */
export function readBytes(req: IncomingMessage, maxBytes: number, tooLarge: (size: number) => FeedHttpError): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    return Promise.reject(tooLarge(declared));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const collect = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      req.off('data', collect);
      req.resume();
      chunks.length = 0;
      reject(tooLarge(size));
    };
    req.on('data', collect);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Parses a JSON body; an empty body is `{}`. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new FeedHttpError(400, 'invalid_json', 'the request body is not valid JSON');
  }
}

/**
 * Writes a JSON answer, compressed when the request asked for it and the body is worth it. The
 * compression runs off the event loop (zlib's threads); a failure there drops the connection,
 * since the status line may not be changed any more by then.
 */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  const base = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers };
  const encoding = bytes.length >= COMPRESS_FROM_BYTES ? chooseEncoding(header(res.req, 'accept-encoding')) : undefined;
  if (!encoding) {
    res.writeHead(status, { ...base, 'Content-Length': bytes.length });
    res.end(bytes);
    return;
  }
  compress(bytes, encoding).then(
    (packed) => {
      res.writeHead(status, { ...base, 'Content-Encoding': encoding, Vary: 'Accept-Encoding', 'Content-Length': packed.length });
      res.end(packed);
    },
    () => res.destroy(),
  );
}

/** Writes a body that is not (or not quite) JSON, for the broken-body faults. */
export function sendText(res: ServerResponse, status: number, text: string, contentType: string): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendError(res: ServerResponse, err: FeedHttpError): void {
  sendJson(res, err.status, { error: { code: err.code, message: err.message }, ...err.extra }, err.headers);
}

/** The bearer token of a request, if it has one. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match ? match[1] : undefined;
}

/** One header as a string (the first, when repeated). */
export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
