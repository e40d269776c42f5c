/**
 * The cache's first look (src/server/storage/cacheScan.ts) against reading the journal's bytes
 * alone and against the full read, on a journal of N generated findings (default 100,000):
 *
 *     npx tsx bench/cacheScan.ts [N]
 *
 * Median of 5 runs each; the ratios are what to compare (the machine is shared).
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Finding } from '../src/shared/feed';
import { cachePath, readCache, writeCache } from '../src/server/storage/cache';
import { scanCache, SCAN_CHUNK_BYTES } from '../src/server/storage/cacheScan';
import { generateFeed } from './generate';
import { median } from './stats';

const FEED = 'https://bench.invalid';
const PROJECT = 'bench';
const RUNS = 5;

async function main(): Promise<void> {
  const size = Number(process.argv[2] ?? 100_000);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'fl-scan-bench-'));
  try {
    const file = cachePath(dir, FEED, PROJECT);
    const generated = generateFeed(size, PROJECT);
    const findings = generated.findings.map((g) =>
      Finding.parse({ ...g, revision: '1', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' }),
    );
    await writeCache(file, FEED, PROJECT, { cursor: { syncToken: 's' }, findings });
    const bytes = (await fs.stat(file)).size;
    const byFile = new Map<string, number>();
    for (const f of findings) byFile.set(f.location.path, (byFile.get(f.location.path) ?? 0) + 1);
    const busiest = [...byFile.entries()].sort((a, b) => b[1] - a[1]).map(([p]) => p);
    const one = busiest.slice(0, 1);
    const fifty = busiest.slice(0, 50);

    const readAlone = await timed(() => readBytes(file));
    const scanOne = await timed(() => scanCache(file, FEED, PROJECT, one, (f) => f));
    const scanFifty = await timed(() => scanCache(file, FEED, PROJECT, fifty, (f) => f));
    const full = await timed(() => readCache(file, FEED, PROJECT), 1);
    const found = (await scanCache(file, FEED, PROJECT, fifty, (f) => f)).length;

    const mb = (bytes / 1048576).toFixed(0);
    console.log(`journal: ${size} findings, ${mb} MB; the 50 busiest files hold ${found} finding(s)`);
    console.log(`read the bytes alone      ${readAlone.toFixed(0)} ms`);
    console.log(`scan 1 file               ${scanOne.toFixed(0)} ms  (${(scanOne / readAlone).toFixed(2)}× the read)`);
    console.log(`scan 50 files             ${scanFifty.toFixed(0)} ms  (${(scanFifty / readAlone).toFixed(2)}× the read)`);
    console.log(`full read (readCache)     ${full.toFixed(0)} ms  (${(full / readAlone).toFixed(1)}× the read, one run)`);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** Reads the file in the scan's chunks and does nothing with them: the floor. */
async function readBytes(file: string): Promise<void> {
  const handle = await fs.open(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(SCAN_CHUNK_BYTES);
    while ((await handle.read(buffer, 0, buffer.length, null)).bytesRead > 0);
  } finally {
    await handle.close();
  }
}

async function timed(run: () => Promise<unknown>, runs = RUNS): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return median(times);
}

void main();
