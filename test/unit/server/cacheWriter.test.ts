import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cacheChunks, cachePath, readCache } from '../../../src/server/cache';
import { CacheWriter } from '../../../src/server/cacheWriter';
import type { Finding } from '../../../src/shared/feed';
import { makeFinding } from './makeFinding';

describe('findings cache, written in chunks', () => {
  it('joins into the header line and one line per finding, whatever the chunk size', () => {
    const findings = Array.from({ length: 7 }, (_, i) => makeFinding({ id: `f${i}` }));
    const cursor = { syncToken: 's', etag: '"e"' };
    const header = JSON.stringify({ version: 2, feedUrl: 'https://f', project: 'p', cursor, count: 7 });
    const whole = [header, ...findings.map((f) => JSON.stringify(f))].join('\n') + '\n';
    for (const size of [1, 3, 10_000]) {
      const chunks = [...cacheChunks('https://f', 'p', { cursor, findings, count: 7 }, size)];
      assert.equal(chunks.join(''), whole, `chunk size ${size}`);
      if (size === 1) assert.ok(chunks.length >= findings.length, 'one chunk per finding at least');
    }
    assert.equal([...cacheChunks('https://f', 'p', { cursor, findings: [], count: 0 })].join(''), `${JSON.stringify({ version: 2, feedUrl: 'https://f', project: 'p', cursor, count: 0 })}\n`);
  });

  it('refuses to finish a file whose findings are not as many as its header says', () => {
    const findings = [makeFinding({ id: 'a' })];
    assert.throws(() => [...cacheChunks('https://f', 'p', { cursor: { syncToken: 's' }, findings, count: 2 })], /changed while it was written \(1 findings, 2 announced\)/);
  });
});

describe('cache writer', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'fl-cachew-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('coalesces saves asked while a write runs, and writes the newest state last', async () => {
    const file = cachePath(dir, 'https://f', 'p');
    const saved: number[] = [];
    const writer = new CacheWriter({ saved: (_f, n) => void saved.push(n), failed: (e) => assert.fail(e) });
    let findings: Finding[] = [makeFinding({ id: 'a' })];
    let snapshots = 0;
    const ask = () => writer.save({ file, feedUrl: 'https://f', project: 'p', snapshot: () => (snapshots++, { cursor: { syncToken: `s${findings.length}` }, findings, count: findings.length }) });
    ask();
    for (let n = 2; n <= 5; n++) {
      findings = Array.from({ length: n }, (_, i) => makeFinding({ id: `f${i}` }));
      ask();
    }
    await writer.idle();
    assert.deepEqual(saved, [5], 'five asks in one turn are one write of the last state');
    assert.equal(snapshots, 1);
    const back = await readCache(file, 'https://f', 'p');
    assert.ok(back && !('error' in back));
    assert.equal(back.cursor.syncToken, 's5');
    assert.deepEqual(back.findings.map((f) => f.id), ['f0', 'f1', 'f2', 'f3', 'f4']);
    assert.deepEqual(await fs.readdir(dir), [path.basename(file)], 'no temporary file left');
  });

  it('writes nothing when the snapshot says there is nothing to write any more', async () => {
    const file = cachePath(dir, 'https://f', 'p');
    const writer = new CacheWriter({ saved: () => assert.fail('nothing should be saved'), failed: (e) => assert.fail(e) });
    writer.save({ file, feedUrl: 'https://f', project: 'p', snapshot: () => undefined });
    await writer.idle();
    assert.deepEqual(await fs.readdir(dir), []);
  });

  it('reports a failed write and keeps serving later saves', async () => {
    const blocker = path.join(dir, 'not-a-dir');
    await fs.writeFile(blocker, 'x');
    const errors: string[] = [];
    const saved: string[] = [];
    const writer = new CacheWriter({ saved: (f) => void saved.push(f), failed: (e) => void errors.push(e.message) });
    const snapshot = () => ({ cursor: { syncToken: 's' }, findings: [makeFinding({ id: 'a' })], count: 1 });
    writer.save({ file: path.join(blocker, 'cache.json'), feedUrl: 'https://f', project: 'p', snapshot });
    await writer.idle();
    assert.equal(errors.length, 1);
    const good = cachePath(dir, 'https://f', 'p');
    writer.save({ file: good, feedUrl: 'https://f', project: 'p', snapshot });
    await writer.idle();
    assert.deepEqual(saved, [good]);
  });
});
