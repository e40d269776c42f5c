import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cacheChunks, cachePath, readCache } from '../../../../src/server/storage/cache';
import { CacheWriter, type CacheSave } from '../../../../src/server/storage/cacheWriter';
import type { Finding } from '../../../../src/shared/feed';
import { makeFinding } from '../makeFinding';

describe('findings cache, written in chunks', () => {
  it('joins into the header, one line per finding and a commit, whatever the chunk size', () => {
    const findings = Array.from({ length: 7 }, (_, i) => makeFinding({ id: `f${i}` }));
    const cursor = { syncToken: 's', etag: '"e"' };
    const header = JSON.stringify({ version: 3, feedUrl: 'https://f', project: 'p' });
    const whole = [header, ...findings.map((f) => JSON.stringify(f)), JSON.stringify({ $commit: { cursor, count: 7 } })].join('\n') + '\n';
    for (const size of [1, 3, 10_000]) {
      const chunks = [...cacheChunks('https://f', 'p', { cursor, findings }, undefined, size)];
      assert.equal(chunks.join(''), whole, `chunk size ${size}`);
      if (size === 1) assert.ok(chunks.length >= findings.length, 'one chunk per finding at least');
    }
  });
});

describe('cache writer', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'fl-cachew-'));
    file = cachePath(dir, 'https://f', 'p');
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  /** A store stand-in: findings by id, and a cursor. */
  const world = () => {
    // This test's file: a write still running after a timed-out test must not reach the next one's.
    const target = file;
    const byId = new Map<string, Finding>();
    let token = 's0';
    const saved: Array<[number, string]> = [];
    const writer = new CacheWriter({ saved: (_f, n, how) => void saved.push([n, how]), failed: (e) => assert.fail(e) });
    let snapshots = 0;
    const save = (changed: CacheSave['changed']) =>
      writer.save({
        file: target,
        feedUrl: 'https://f',
        project: 'p',
        changed,
        snapshot: () => (
          snapshots++,
          { cursor: { syncToken: token }, count: byId.size, all: () => byId.values(), get: (id) => byId.get(id) }
        ),
      });
    return {
      byId,
      writer,
      saved,
      save,
      snapshots: () => snapshots,
      sync(token_: string, upserts: string[], withdrawn: string[] = []) {
        token = token_;
        for (const id of upserts) byId.set(id, makeFinding({ id, revision: token_ }));
        for (const id of withdrawn) byId.delete(id);
      },
    };
  };

  it('coalesces saves asked while a write runs, and writes the newest state last', async () => {
    const w = world();
    w.sync('s1', ['a']);
    w.save('all');
    for (let n = 2; n <= 5; n++) {
      w.sync(`s${n}`, [`f${n}`]);
      w.save(new Set([`f${n}`]));
    }
    await w.writer.idle();
    assert.deepEqual(w.saved, [[5, 'rewritten']], 'five asks in one turn are one write of the last state');
    assert.equal(w.snapshots(), 1);
    const back = await readCache(file, 'https://f', 'p');
    assert.ok(back && !('error' in back));
    assert.equal(back.cursor.syncToken, 's5');
    assert.deepEqual(back.findings.map((f) => f.id).sort(), ['a', 'f2', 'f3', 'f4', 'f5']);
    assert.deepEqual(await fs.readdir(dir), [path.basename(file)], 'no temporary file left');
  });

  it('appends what an incremental sync changed, and the journal reads back as the store', async () => {
    const w = world();
    w.sync(
      's1',
      Array.from({ length: 50 }, (_, i) => `f${i}`),
    );
    w.save('all');
    await w.writer.idle();
    const full = (await fs.stat(file)).size;
    w.sync('s2', ['f1', 'new'], ['f2']);
    w.save(new Set(['f1', 'new', 'f2']));
    await w.writer.idle();
    assert.deepEqual(
      w.saved.map(([, how]) => how),
      ['rewritten', 'appended'],
    );
    const grown = (await fs.stat(file)).size - full;
    assert.ok(grown < full / 10, `appended ${grown} bytes to a ${full}-byte journal`);
    const back = await readCache(file, 'https://f', 'p');
    assert.ok(back && !('error' in back));
    assert.equal(back.cursor.syncToken, 's2');
    assert.deepEqual(new Map(back.findings.map((f) => [f.id, f.revision])), new Map([...w.byId].map(([id, f]) => [id, f.revision])));
  });

  it('rewrites a journal it does not know, and one grown to more than twice its findings', async function () {
    this.timeout(30_000); // 1,100 fsynced writes: well under a second here, several on a loaded machine
    const w = world();
    w.sync('s1', ['a']);
    w.save(new Set(['a']));
    await w.writer.idle();
    assert.deepEqual(
      w.saved.map(([, how]) => how),
      ['rewritten'],
      'never read or written here: rewritten',
    );
    for (let i = 0; i < 1100; i++) {
      w.sync(`t${i}`, ['a']);
      w.save(new Set(['a']));
      await w.writer.idle();
    }
    const hows = w.saved.map(([, how]) => how);
    assert.equal(
      hows.filter((h) => h === 'rewritten').length,
      2,
      'once at first, once when the journal grew past twice its findings plus slack',
    );
    const back = await readCache(file, 'https://f', 'p');
    assert.ok(back && !('error' in back));
    assert.equal(back.cursor.syncToken, 't1099');
    assert.ok(back.journal.lines < 1100, `${back.journal.lines} lines`);
  });

  it('appends to a journal it adopted after reading it', async () => {
    const w = world();
    w.sync('s1', ['a', 'b']);
    w.save('all');
    await w.writer.idle();
    const back = await readCache(file, 'https://f', 'p');
    assert.ok(back && !('error' in back));
    const w2 = world();
    for (const f of back.findings) w2.byId.set(f.id, f);
    w2.writer.adopt(file, back.journal);
    w2.sync('s2', ['c']);
    w2.save(new Set(['c']));
    await w2.writer.idle();
    assert.deepEqual(w2.saved, [[3, 'appended']]);
    const again = await readCache(file, 'https://f', 'p');
    assert.ok(again && !('error' in again));
    assert.deepEqual(again.findings.map((f) => f.id).sort(), ['a', 'b', 'c']);
  });

  it('writes nothing when the snapshot says there is nothing to write any more', async () => {
    const writer = new CacheWriter({ saved: () => assert.fail('nothing should be saved'), failed: (e) => assert.fail(e) });
    writer.save({ file, feedUrl: 'https://f', project: 'p', changed: 'all', snapshot: () => undefined });
    await writer.idle();
    assert.deepEqual(await fs.readdir(dir), []);
  });

  it('reports a failed write and keeps serving later saves', async () => {
    const blocker = path.join(dir, 'not-a-dir');
    await fs.writeFile(blocker, 'x');
    const errors: string[] = [];
    const saved: string[] = [];
    const writer = new CacheWriter({ saved: (f) => void saved.push(f), failed: (e) => void errors.push(e.message) });
    const a = makeFinding({ id: 'a' });
    const snapshot = () => ({ cursor: { syncToken: 's' }, count: 1, all: () => [a], get: () => a });
    writer.save({ file: path.join(blocker, 'cache.json'), feedUrl: 'https://f', project: 'p', changed: 'all', snapshot });
    await writer.idle();
    assert.equal(errors.length, 1);
    writer.save({ file, feedUrl: 'https://f', project: 'p', changed: 'all', snapshot });
    await writer.idle();
    assert.deepEqual(saved, [file]);
  });
});
