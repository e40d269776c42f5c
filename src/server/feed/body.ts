/**
 * Reading a response body whole, counting its bytes, so that a body cut off half-way is reported
 * with how much of it arrived. One pass, one decode: the chunks are joined once and decoded once
 * (what `Response.text()` does inside), and nothing of them is kept after.
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

/** The body as text and its size in bytes. Rejects with BodyCutOff, or with the abort reason when the signal fired. */
export async function readBody(res: Response, signal?: AbortSignal): Promise<{ text: string; bytes: number }> {
  const expected = declaredLength(res.headers);
  if (res.body === null) return { text: '', bytes: 0 };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      bytes += value.byteLength;
    }
  } catch (err) {
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
