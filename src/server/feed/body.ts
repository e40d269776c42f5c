/**
 * Reading a response body whole, counting its bytes, so that a body cut off half-way is reported
 * with how much of it arrived, and a body bigger than the caller allows is never held: reading
 * stops (and the connection is dropped) as soon as it passes the bound, or before it starts when
 * Content-Length already says so. One pass, one decode: the chunks are joined once and decoded
 * once (what `Response.text()` does inside), and nothing of them is kept after.
 */

/** The body ended early: the connection dropped, or fewer bytes came than Content-Length said. */
export class BodyCutOff extends Error {
  constructor(
    readonly received: number,
    readonly expected: number | undefined,
    readonly reason?: unknown,
  ) {
    super(expected === undefined ? `cut off after ${received} bytes` : `cut off after ${received} of ${expected} bytes`);
    this.name = 'BodyCutOff';
  }
}

/** The body is bigger than the caller allows: `received` bytes were read (0 when Content-Length said so first). */
export class BodyTooLarge extends Error {
  constructor(
    readonly received: number,
    readonly maxBytes: number,
  ) {
    super(`larger than ${maxBytes} bytes (reading stopped after ${received})`);
    this.name = 'BodyTooLarge';
  }
}

/**
 * The body as text and its size in bytes, at most `maxBytes` of it. Rejects with BodyTooLarge past
 * the bound, BodyCutOff, or the abort reason when the signal fired.
 */
export async function readBody(
  res: Response,
  signal?: AbortSignal,
  maxBytes = Number.POSITIVE_INFINITY,
): Promise<{ text: string; bytes: number }> {
  const expected = declaredLength(res.headers);
  if (res.body === null) return { text: '', bytes: 0 };
  if (expected !== undefined && expected > maxBytes) {
    await res.body.cancel().catch(() => undefined);
    throw new BodyTooLarge(0, maxBytes);
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (bytes > maxBytes) {
        chunks.length = 0;
        await reader.cancel().catch(() => undefined);
        throw new BodyTooLarge(bytes, maxBytes);
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof BodyTooLarge) throw err;
    if (signal?.aborted) throw signal.reason;
    throw new BodyCutOff(bytes, expected, err);
  }
  if (expected !== undefined && bytes !== expected) throw new BodyCutOff(bytes, expected);
  const text =
    chunks.length === 1
      ? Buffer.from(chunks[0]!.buffer, chunks[0]!.byteOffset, bytes).toString('utf8')
      : Buffer.concat(chunks, bytes).toString('utf8');
  return { text, bytes };
}

/** Content-Length, when it describes the bytes we read (not a compressed size). */
export function declaredLength(headers: Headers): number | undefined {
  const encoding = headers.get('content-encoding');
  if (encoding !== null && encoding.trim().toLowerCase() !== 'identity') return undefined;
  const value = headers.get('content-length');
  if (value === null || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number(value);
}

/** The text without a leading UTF-8 byte order mark, which RFC 8259 lets a parser ignore (some feeds send one). */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
