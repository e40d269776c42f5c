/**
 * The floors the server is measured against, taken in the same run: the same pages fetched over
 * loopback and JSON.parse'd (what any client must at least do), JSON.parse of the same bytes
 * in-process, and zod validation of the parsed findings next to the parse itself.
 */
import type { Finding } from '../src/shared/feed';
import { validateInto, type InvalidFinding } from '../src/server/feed/validate';
import { bestOf } from './stats';

/** What fetching every page took. `pages` keeps the bodies for the in-process baselines. */
export interface FetchedPages {
  ms: number;
  bytes: number;
  findings: number;
  pages: string[];
  /** The last page's sync token: asking `since` it later gets exactly what changed after this fetch. */
  syncToken: string;
}

/** GETs every page of a full sync, as the server does (one after the other), and JSON.parse's each. */
export async function fetchAndParse(feedUrl: string, project: string, token: string, limit: number): Promise<FetchedPages> {
  const pages: string[] = [];
  let bytes = 0;
  let findings = 0;
  let cursor: string | null = null;
  let syncToken: string;
  const started = performance.now();
  do {
    const query: string = cursor === null ? `limit=${limit}` : `limit=${limit}&cursor=${encodeURIComponent(cursor)}`;
    const res = await fetch(`${feedUrl}/v1/projects/${encodeURIComponent(project)}/findings?${query}`, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    });
    if (!res.ok) throw new Error(`the feed answered ${res.status} to the baseline fetch`);
    const text = await res.text();
    const page = JSON.parse(text) as { findings: unknown[]; nextCursor: string | null; syncToken: string };
    pages.push(text);
    bytes += Buffer.byteLength(text);
    findings += page.findings.length;
    cursor = page.nextCursor;
    syncToken = page.syncToken;
  } while (cursor !== null);
  return { ms: performance.now() - started, bytes, findings, pages, syncToken };
}

/**
 * The floor of an incremental sync: the changes since `since` fetched over loopback (every page)
 * and JSON.parse'd, as any client must at least do; the median of three.
 */
export async function fetchChanges(
  feedUrl: string,
  project: string,
  token: string,
  since: string,
  limit: number,
): Promise<{ ms: number; findings: number }> {
  const runs: Array<{ ms: number; findings: number }> = [];
  for (let i = 0; i < 3; i++) {
    let cursor: string | null = null;
    let findings = 0;
    const started = performance.now();
    do {
      const query: string =
        cursor === null ? `limit=${limit}&since=${encodeURIComponent(since)}` : `limit=${limit}&cursor=${encodeURIComponent(cursor)}`;
      const res = await fetch(`${feedUrl}/v1/projects/${encodeURIComponent(project)}/findings?${query}`, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      });
      if (!res.ok) throw new Error(`the feed answered ${res.status} to the incremental baseline fetch`);
      const page = JSON.parse(await res.text()) as { findings: unknown[]; nextCursor: string | null };
      findings += page.findings.length;
      cursor = page.nextCursor;
    } while (cursor !== null);
    runs.push({ ms: performance.now() - started, findings });
  }
  runs.sort((a, b) => a.ms - b.ms);
  return runs[1]!;
}

/** JSON.parse of all the bytes as one document, in-process (best of 3). */
export function parseConcatenated(pages: readonly string[]): number {
  const whole = `[${pages.join(',')}]`;
  return bestOf(3, () => JSON.parse(whole));
}

/** JSON.parse of each page, then zod validation of every finding, timed apart (best of 3 each). */
export function validationVsParse(pages: readonly string[]): { parseMs: number; validateMs: number; valid: number; invalid: number } {
  const parseMs = bestOf(3, () => pages.forEach((p) => JSON.parse(p)));
  const raws = pages.map((p) => (JSON.parse(p) as { findings: unknown[] }).findings);
  let valid: Finding[] = [];
  let invalid: InvalidFinding[] = [];
  const validateMs = bestOf(3, () => {
    valid = [];
    invalid = [];
    for (const raw of raws) validateInto(raw, valid, invalid);
  });
  return { parseMs, validateMs, valid: valid.length, invalid: invalid.length };
}
