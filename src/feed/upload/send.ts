/**
 * Sending one upload: a POST of the gzipped log with the token in the Authorization header, to
 * the feed's origin only. Redirects are not followed (the token would go with them); the answer's
 * body is read up to a bound.
 */
import { randomUUID } from 'node:crypto';

export interface FeedAnswer {
  status: number;
  body: string;
  /** Where a redirect pointed (not followed). */
  location?: string;
}

const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

async function boundedText(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_ANSWER_BYTES) {
      await reader.cancel();
      throw new Error(`the feed's answer is larger than ${MAX_ANSWER_BYTES} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** POSTs the gzipped log; throws only when no answer came (network, timeout). */
export async function sendAnalysis(url: URL, token: string, gzippedLog: Buffer, timeoutMs: number): Promise<FeedAnswer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/sarif+json',
      'Content-Encoding': 'gzip',
      Accept: 'application/json',
      'Idempotency-Key': randomUUID(),
      'User-Agent': 'findings-lens-upload/1',
    },
    body: new Uint8Array(gzippedLog),
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  });
  const location = response.headers.get('location');
  return { status: response.status, body: await boundedText(response), ...(location ? { location } : {}) };
}
