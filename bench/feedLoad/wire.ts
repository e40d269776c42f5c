/**
 * Bytes on the wire for a full sync of 100,000 findings (pages of 1,000), without compression, with
 * gzip and with brotli: the same pages, asked with three Accept-Encoding headers.
 */
import { send } from './http';

export interface WireFigures {
  encoding: string;
  pages: number;
  /** Body bytes of every page, as sent. */
  bytes: number;
  /** The first page alone (1,000 findings). */
  firstPage: number;
  ms: number;
}

export async function fullSyncBytes(url: string, token: string, project: string, acceptEncoding: string): Promise<WireFigures> {
  let cursor: string | null = null;
  let pages = 0;
  let bytes = 0;
  let firstPage = 0;
  const started = performance.now();
  do {
    const query = new URLSearchParams({ limit: '1000', ...(cursor ? { cursor } : {}) });
    const answer = await send(`${url}/v1/projects/${project}/findings?${query}`, { token, acceptEncoding, maxSockets: 1 });
    if (answer.status !== 200) throw new Error(`page ${pages + 1} answered ${answer.status}`);
    if (pages === 0) firstPage = answer.wireBytes;
    bytes += answer.wireBytes;
    pages++;
    cursor = answer.json.nextCursor;
  } while (cursor);
  return { encoding: acceptEncoding, pages, bytes, firstPage, ms: performance.now() - started };
}
