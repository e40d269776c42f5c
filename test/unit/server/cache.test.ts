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
    const cache = { cursor: { syncToken: 's1', etag: '"e"' }, findings: [makeFinding({ id: 'a' })], count: 1 };
    await writeCache(file, 'https://f', 'p', cache);
    await writeCache(file, 'https://f', 'p', cache);
    assert.deepEqual(await readCache(file, 'https://f', 'p'), { cursor: cache.cursor, findings: cache.findings, invalid: [] });
    assert.deepEqual(await fs.readdir(dir), [path.basename(file)]);
  });

  it('has nothing for a missing file or another feed', async () => {
    const file = cachePath(dir, 'https://f', 'p');
    assert.equal(await readCache(file, 'https://f', 'p'), undefined);
    await writeCache(file, 'https://f', 'p', { cursor: { syncToken: 's' }, findings: [], count: 0 });
    assert.equal(await readCache(file, 'https://g', 'p'), undefined);
  });

  it('reports a corrupt file instead of throwing', async () => {
    const file = cachePath(dir, 'https://f', 'p');
    const header = (count: number) => JSON.stringify({ version: 2, feedUrl: 'https://f', project: 'p', cursor: { syncToken: 's' }, count });
    const expectError = async (text: string, pattern: RegExp) => {
      await fs.writeFile(file, text);
      const read = await readCache(file, 'https://f', 'p');
      assert.ok(read && 'error' in read && pattern.test(read.error), `${JSON.stringify(text.slice(0, 60))}: ${JSON.stringify(read)}`);
    };
    await expectError('{"version":2,"feedUrl":"https://f","proj', /is not JSON/);
    await expectError(JSON.stringify({ version: 1, feedUrl: 'https://f', project: 'p', cursor: { syncToken: 's' }, findings: [] }), /not a findings cache of this version .*fetches everything again/);
    await expectError('', /is empty/);
    await expectError(`${header(2)}\n${JSON.stringify(makeFinding({ id: 'a' }))}\n`, /holds 1 finding\(s\) where its header says 2/);
    await expectError(`${header(1)}\n{"id":"a",\n`, /line 2 is not JSON/);
  });

  it('sets aside a cached finding that no longer matches the contract and keeps the rest', async () => {
    const file = cachePath(dir, 'https://f', 'p');
    const good = makeFinding({ id: 'good' });
    const header = JSON.stringify({ version: 2, feedUrl: 'https://f', project: 'p', cursor: { syncToken: 's' }, count: 2 });
    await fs.writeFile(file, [header, JSON.stringify({ id: 'old', severity: 'severe' }), JSON.stringify(good)].join('\n'));
    const read = await readCache(file, 'https://f', 'p', (f) => f.id);
    assert.ok(read && !('error' in read));
    assert.deepEqual(read.findings, ['good'], 'what keep made of each valid finding');
    assert.equal(read.invalid.length, 1);
    assert.equal(read.invalid[0]!.id, 'old');
  });
});
