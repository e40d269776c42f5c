/**
 * Figure 10: the findings cache rewritten whole after a full sync (storage/cache.ts writeCache, fed
 * by the store as the server feeds it: each finding's line made by FindingStore.fullJson, its texts
 * read back from the scratch file), next to `JSON.stringify` of the same findings, taken between
 * the runs. In process, on the generated feed; of three rounds the least disturbed is kept. The
 * rewrite runs on the server's core while the editor takes the sync's diagnostics.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Finding } from '../src/shared/feed';
import { FindingStore } from '../src/server/findings/store';
import { writeCache } from '../src/server/storage/cache';
import { TextSpill } from '../src/server/storage/textSpill';
import { generateFeed } from './generate';
import type { Row } from './report';

export interface CacheRewriteFigures {
  findings: number;
  /** Milliseconds of the least disturbed round (the lowest ratio), with its JSON.stringify. */
  rewriteMs: number;
  stringifyMs: number;
  ratio: number;
  bytes: number;
}

const ROUNDS = 3;

export async function cacheRewriteBench(size: number, seed: number): Promise<CacheRewriteFigures> {
  const feed = generateFeed(size, 'bench', seed);
  const findings = feed.findings as unknown as Finding[];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fl-bench-cache-'));
  const texts = new TextSpill(dir);
  try {
    const store = new FindingStore((p) => ({ ok: true, uri: `file:///bench/${p}` }), texts);
    store.replaceAll(findings.map((f) => store.prepare(f)));
    let best: CacheRewriteFigures | undefined;
    for (let round = 0; round < ROUNDS; round++) {
      let t = performance.now();
      const bytes = Buffer.byteLength(JSON.stringify(findings), 'utf8');
      const stringifyMs = performance.now() - t;
      t = performance.now();
      await writeCache(path.join(dir, 'cache.json'), 'https://feed.example', 'bench', {
        cursor: { syncToken: 'bench' },
        findings: (function* () {
          for (const stored of store.all()) yield store.fullJson(stored);
        })(),
      });
      const rewriteMs = performance.now() - t;
      const figures = { findings: size, rewriteMs, stringifyMs, ratio: rewriteMs / stringifyMs, bytes };
      if (!best || figures.ratio < best.ratio) best = figures;
    }
    return best!;
  } finally {
    texts.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function cacheRewriteRows(size: number, f: CacheRewriteFigures): Row[] {
  return [
    {
      size,
      figure: `10. cache rewritten whole (${(f.bytes / 1048576).toFixed(0)} MB)`,
      value: Math.round(f.rewriteMs),
      unit: 'ms',
      baseline: Math.round(f.stringifyMs),
      baselineLabel: 'JSON.stringify of the same findings',
      ratio: f.ratio,
      pass: null,
      note: `least disturbed of ${ROUNDS} rounds; the texts read back from the scratch file, written and fsynced`,
    },
  ];
}
