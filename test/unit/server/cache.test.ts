import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cachePath, readCache, writeCache } from '../../../src/server/cache';
import { makeFinding } from './makeFinding';

describe('findings cache', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'fl-cache-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('names the file after the feed and project', () => {
    const a = cachePath(dir, 'https://feed.example', 'p1');
    assert.match(path.basename(a), /^cache-[0-9a-f]{16}\.json$/);
    assert.notEqual(a, cachePath(dir, 'https://feed.example', 'p2'));
    assert.notEqual(a, cachePath(dir, 'https://other.example', 'p1'));
  });

  it('reads back what it wrote, and leaves no temporary file', async () => {
    const file = cachePath(dir, 'https://f', 'p');
    const cache = { cursor: { syncToken: 's1', etag: '"e"' }, findings: [makeFinding({ id: 'a' })] };
    await writeCache(file, 'https://f', 'p', cache);
    await writeCache(file, 'https://f', 'p', cache);
    assert.deepEqual(await readCache(file, 'https://f', 'p'), cache);
    assert.deepEqual(await fs.readdir(dir), [path.basename(file)]);
  });

  it('has nothing for a missing file or another feed', async () => {
    const file = cachePath(dir, 'https://f', 'p');
    assert.equal(await readCache(file, 'https://f', 'p'), undefined);
    await writeCache(file, 'https://f', 'p', { cursor: { syncToken: 's' }, findings: [] });
    assert.equal(await readCache(file, 'https://g', 'p'), undefined);
  });

  it('reports a corrupt file instead of throwing', async () => {
    const file = cachePath(dir, 'https://f', 'p');
    await fs.writeFile(file, '{"version":1,"feedUrl":"https://f","proj');
    const broken = await readCache(file, 'https://f', 'p');
    assert.ok(broken && 'error' in broken && /not JSON/.test(broken.error));
    await fs.writeFile(file, JSON.stringify({ version: 1, feedUrl: 'https://f', project: 'p', cursor: { syncToken: 's' }, findings: [{ id: 1 }] }));
    const invalid = await readCache(file, 'https://f', 'p');
    assert.ok(invalid && 'error' in invalid && /not a findings cache/.test(invalid.error));
  });
});
