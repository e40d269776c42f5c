import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { appendCache, cachePath, readCache, writeCache, type JournalState } from '../../../../src/server/storage/cache';
import { makeFinding } from '../makeFinding';

describe('findings cache', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'fl-cache-'));
    file = cachePath(dir, 'https://f', 'p');
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  const read = async () => {
    const back = await readCache(file, 'https://f', 'p');
    assert.ok(back && !('error' in back), JSON.stringify(back));
    return back;
  };
  const ids = async () => (await read()).findings.map((f) => f.id).sort();
  const header = JSON.stringify({ version: 3, feedUrl: 'https://f', project: 'p' });
  const commit = (count: number, syncToken = 's') => JSON.stringify({ $commit: { cursor: { syncToken }, count } });

  it('names the file after the feed and project', () => {
    assert.match(path.basename(file), /^cache-[0-9a-f]{16}\.json$/);
    assert.notEqual(file, cachePath(dir, 'https://f', 'p2'));
    assert.notEqual(file, cachePath(dir, 'https://g', 'p'));
  });

  it('reads back what it wrote, and leaves no temporary file', async () => {
    const findings = [makeFinding({ id: 'a', message: 'é 🔒 ' + 'm'.repeat(3000) }), makeFinding({ id: 'b' })];
    await writeCache(file, 'https://f', 'p', { cursor: { syncToken: 's1', etag: '"e"' }, findings });
    const state = await writeCache(file, 'https://f', 'p', { cursor: { syncToken: 's1', etag: '"e"' }, findings });
    const back = await read();
    assert.deepEqual(back, { cursor: { syncToken: 's1', etag: '"e"' }, findings, invalid: [], journal: state });
    assert.equal(state.validBytes, (await fs.stat(file)).size);
    assert.deepEqual(await fs.readdir(dir), [path.basename(file)]);
  });

  it('writes findings given as their JSON (the store splices its texts in) as it writes findings, counting their UTF-8 bytes', async () => {
    const findings = [makeFinding({ id: 'a', message: 'é 🔒 ' + 'm'.repeat(3000) }), makeFinding({ id: 'b', title: '“b”' })];
    let state = await writeCache(file, 'https://f', 'p', { cursor: { syncToken: 's1' }, findings: findings.map((f) => JSON.stringify(f)) });
    const c = makeFinding({ id: 'c', message: 'ü'.repeat(500) });
    state = await appendCache(file, state, { cursor: { syncToken: 's2' }, upserts: [JSON.stringify(c)], withdrawn: ['b'], count: 2 });
    const back = await read();
    assert.deepEqual(back.findings, [findings[0], c]);
    assert.equal(back.cursor.syncToken, 's2');
    assert.equal(state.validBytes, (await fs.stat(file)).size);
  });

  it('has nothing for a missing file or another feed', async () => {
    assert.equal(await readCache(file, 'https://f', 'p'), undefined);
    await writeCache(file, 'https://f', 'p', { cursor: { syncToken: 's' }, findings: [] });
    assert.equal(await readCache(file, 'https://g', 'p'), undefined);
  });

  it('appends an incremental sync: changed findings, withdrawals and the new cursor', async () => {
    let state = await writeCache(file, 'https://f', 'p', {
      cursor: { syncToken: 's1' },
      findings: ['a', 'b', 'c'].map((id) => makeFinding({ id })),
    });
    const sizeBefore = (await fs.stat(file)).size;
    state = await appendCache(file, state, {
      cursor: { syncToken: 's2' },
      upserts: [makeFinding({ id: 'b', revision: '2', title: 'changed' }), makeFinding({ id: 'd' })],
      withdrawn: ['a'],
      count: 3,
    });
    const back = await read();
    assert.equal(back.cursor.syncToken, 's2');
    assert.deepEqual(back.findings.map((f) => f.id).sort(), ['b', 'c', 'd']);
    assert.equal(back.findings.find((f) => f.id === 'b')!.title, 'changed');
    assert.deepEqual(back.journal, state);
    assert.equal(state.lines, 6, 'three written, then two changed and one withdrawn');
    const appended = (await fs.stat(file)).size - sizeBefore;
    assert.ok(appended < 1000, `only the changes were written (${appended} bytes)`);
  });

  it('ignores a torn append after the last commit, and the next append cuts it off', async () => {
    let state = await writeCache(file, 'https://f', 'p', { cursor: { syncToken: 's1' }, findings: [makeFinding({ id: 'a' })] });
    // A crash in the middle of an append: a whole finding line, then half of one, no commit.
    await fs.appendFile(
      file,
      `${JSON.stringify(makeFinding({ id: 'a', revision: '9', title: 'not committed' }))}\n${JSON.stringify(makeFinding({ id: 'x' })).slice(0, 40)}`,
    );
    const back = await read();
    assert.equal(back.cursor.syncToken, 's1');
    assert.deepEqual(
      back.findings.map((f) => [f.id, f.title]),
      [['a', makeFinding({ id: 'a' }).title]],
      'the uncommitted change is undone',
    );
    assert.deepEqual(back.journal, state);
    state = await appendCache(file, back.journal, {
      cursor: { syncToken: 's2' },
      upserts: [makeFinding({ id: 'b' })],
      withdrawn: [],
      count: 2,
    });
    assert.deepEqual(await ids(), ['a', 'b']);
    assert.equal((await read()).cursor.syncToken, 's2');
    assert.equal((await fs.stat(file)).size, state.validBytes);
  });

  it('reports a corrupt file instead of throwing', async () => {
    const expectError = async (text: string, pattern: RegExp) => {
      await fs.writeFile(file, text);
      const back = await readCache(file, 'https://f', 'p');
      assert.ok(back && 'error' in back && pattern.test(back.error), `${JSON.stringify(text.slice(0, 60))}: ${JSON.stringify(back)}`);
    };
    const a = JSON.stringify(makeFinding({ id: 'a' }));
    await expectError('{"version":3,"feedUrl":"https://f","proj', /not a findings cache of this version \(its first line is not JSON\)/);
    await expectError(
      JSON.stringify({ version: 1, feedUrl: 'https://f', project: 'p', cursor: { syncToken: 's' }, findings: [] }),
      /not a findings cache of this version .*fetches everything again/,
    );
    await expectError('', /is empty/);
    await expectError(`${header}\n${a}\n`, /no complete sync in it/);
    await expectError(`${header}\n${a}\n${commit(2)}\n`, /holds 1 finding\(s\) at line 3 where its commit says 2/);
    await expectError(`${header}\n{"id":"a",\n${a}\n${commit(1)}\n`, /line 2 is not JSON, before a later commit/);
  });

  it('sets aside a cached finding that no longer matches the contract and keeps the rest', async () => {
    const good = makeFinding({ id: 'good' });
    await fs.writeFile(file, [header, JSON.stringify({ id: 'old', severity: 'severe' }), JSON.stringify(good), commit(2)].join('\n'));
    const back = await readCache(file, 'https://f', 'p', (f) => f.id);
    assert.ok(back && !('error' in back));
    assert.deepEqual(back.findings, ['good'], 'what keep made of each valid finding');
    assert.deepEqual(
      back.invalid.map((i) => i.id),
      ['old'],
    );
  });

  it('journal state adds up over several appends', async () => {
    let state: JournalState = await writeCache(file, 'https://f', 'p', { cursor: { syncToken: 's0' }, findings: [] });
    for (let i = 1; i <= 5; i++)
      state = await appendCache(file, state, {
        cursor: { syncToken: `s${i}` },
        upserts: [makeFinding({ id: `f${i}` })],
        withdrawn: i > 1 ? [`f${i - 1}`] : [],
        count: 1,
      });
    const back = await read();
    assert.deepEqual(
      back.findings.map((f) => f.id),
      ['f5'],
    );
    assert.deepEqual(back.journal, { validBytes: (await fs.stat(file)).size, lines: 9, count: 1 });
  });
});
