import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Finding } from '../../../../src/shared/feed';
import { appendCache, cachePath, readCache, writeCache, type JournalState } from '../../../../src/server/storage/cache';
import { scanCache } from '../../../../src/server/storage/cacheScan';
import { URI } from 'vscode-uri';
import { FindingStore } from '../../../../src/server/findings/store';
import { resolveInFolder } from '../../../../src/server/workspace/paths';
import { makeFinding } from '../makeFinding';

/** A finding as the cache writes it: the store rebuilds findings from the schema's parse, id first. */
const finding = (overrides: Partial<Finding> & { id: string }): Finding => {
  const { id, ...rest } = makeFinding(overrides);
  return { id, ...rest };
};
const at = (id: string, file: string, more: Partial<Finding> = {}) => finding({ id, location: { path: file, startLine: 1 }, ...more });

describe('findings cache: the first look at some files', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'fl-scan-'));
    file = cachePath(dir, 'https://f', 'p');
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  const scan = async (paths: string[], chunkBytes?: number) =>
    (await scanCache(file, 'https://f', 'p', paths, (f) => f, chunkBytes)).map((f) => `${f.id}:${f.title}`).sort();
  const write = (findings: Finding[]) => writeCache(file, 'https://f', 'p', { cursor: { syncToken: 's1' }, findings });
  const append = (state: JournalState, upserts: Finding[], withdrawn: string[] = [], count = 0) =>
    appendCache(file, state, { cursor: { syncToken: 's2' }, upserts, withdrawn, count });
  const header = JSON.stringify({ version: 3, feedUrl: 'https://f', project: 'p' });
  const commit = (count: number) => JSON.stringify({ $commit: { cursor: { syncToken: 's' }, count } });
  const title = makeFinding({ id: 'x' }).title;

  it("finds the files' findings and only theirs", async () => {
    await write([at('a', 'src/a.ts'), at('b', 'src/b.ts'), at('c', 'src/a.ts'), at('d', 'src/c.ts')]);
    assert.deepEqual(await scan(['src/a.ts', 'src/c.ts']), [`a:${title}`, `c:${title}`, `d:${title}`]);
    assert.deepEqual(await scan(['src/none.ts']), []);
    assert.deepEqual(await scan([]), []);
  });

  it('has nothing for a missing file, another feed or project, or another version', async () => {
    assert.deepEqual(await scan(['src/a.ts']), []);
    await write([at('a', 'src/a.ts')]);
    assert.deepEqual(await scanCache(file, 'https://g', 'p', ['src/a.ts'], (f) => f), []);
    assert.deepEqual(await scanCache(file, 'https://f', 'q', ['src/a.ts'], (f) => f), []);
    const text = await fs.readFile(file, 'utf8');
    await fs.writeFile(file, text.replace('"version":3', '"version":2'));
    assert.deepEqual(await scan(['src/a.ts']), []);
  });

  it('counts only the lines up to the last commit: a torn tail is undone', async () => {
    const state = await write([at('a', 'src/a.ts'), at('b', 'src/b.ts')]);
    const torn = [
      JSON.stringify(at('a', 'src/a.ts', { title: 'not committed' })),
      JSON.stringify(at('new', 'src/a.ts')),
      JSON.stringify(at('b', 'src/a.ts', { title: 'moved, not committed' })),
      '{"$withdrawn":"a"}',
      JSON.stringify(at('half', 'src/a.ts')).slice(0, 60),
    ];
    await fs.appendFile(file, torn.join('\n'));
    assert.deepEqual(await scan(['src/a.ts']), [`a:${title}`]);
    assert.equal((await fs.stat(file)).size > state.validBytes, true);
    assert.deepEqual(await scan(['src/a.ts']), await readPaths(['src/a.ts']), 'as the full read');
  });

  it('has nothing without a commit, or when a line that is not JSON comes before one', async () => {
    await fs.writeFile(file, `${header}\n${JSON.stringify(at('a', 'src/a.ts'))}\n`);
    assert.deepEqual(await scan(['src/a.ts']), []);
    await fs.writeFile(file, `${header}\n${JSON.stringify(at('a', 'src/a.ts'))}\n${commit(1)}\n`);
    assert.deepEqual(await scan(['src/a.ts']), [`a:${title}`], 'the same with its commit');
    await fs.writeFile(file, `${header}\n${JSON.stringify(at('a', 'src/a.ts'))}\n{"id":"b","location":{"path":"src/a.ts"\n${commit(2)}\n`);
    assert.deepEqual(await scan(['src/a.ts']), []);
    await fs.writeFile(file, `${header}\n${JSON.stringify(at('a', 'src/a.ts'))}\n{"id":"b","ti\n${commit(2)}\n`);
    assert.deepEqual(await scan(['src/a.ts']), [], "a torn line of another file's finding too");
  });

  it('takes the later line for the same id: changed, moved away, or moved in', async () => {
    let state = await write([at('a', 'src/a.ts'), at('b', 'src/a.ts'), at('c', 'src/c.ts')]);
    state = await append(
      state,
      [at('a', 'src/a.ts', { title: 'changed' }), at('b', 'src/b.ts'), at('c', 'src/a.ts', { title: 'moved in' })],
      [],
      3,
    );
    assert.deepEqual(await scan(['src/a.ts']), ['a:changed', 'c:moved in']);
    await append(state, [at('c', 'src/a.ts', { status: 'withdrawn' })], [], 2);
    assert.deepEqual(await scan(['src/a.ts']), ['a:changed'], 'a withdrawn finding is gone');
  });

  it('finds a finding moved away when the writer did not put its id first', async () => {
    const state = await writeCache(file, 'https://f', 'p', {
      cursor: { syncToken: 's1' },
      findings: [makeFinding({ id: 'a', location: { path: 'src/a.ts', startLine: 1 } })],
    });
    await append(state, [makeFinding({ id: 'a', location: { path: 'src/b.ts', startLine: 1 } })], [], 1);
    assert.deepEqual(await scan(['src/a.ts']), []);
    assert.deepEqual(await scan(['src/b.ts']), [`a:${title}`]);
  });

  it('honours withdrawals, committed or not', async () => {
    let state = await write([at('a', 'src/a.ts'), at('b', 'src/a.ts'), at('c', 'src/a.ts')]);
    state = await append(state, [], ['a'], 2);
    await fs.appendFile(file, '{"$withdrawn":"b"}\n');
    assert.deepEqual(await scan(['src/a.ts']), [`b:${title}`, `c:${title}`]);
    await append(state, [], ['b'], 1);
    assert.deepEqual(await scan(['src/a.ts']), [`c:${title}`]);
  });

  it('reads paths with characters JSON escapes', async () => {
    const odd = ['src/say "hi".ts', 'src\\win\\path.ts', 'src/tab\there.ts', 'src/é 🔒.ts'];
    await write([...odd.map((p, i) => at(`o${i}`, p)), at('plain', 'src/plain.ts')]);
    assert.deepEqual(await scan(odd), odd.map((_, i) => `o${i}:${title}`).sort());
  });

  it('reads ids with characters JSON escapes, for their replacements too', async () => {
    const id = 'F "1" \\ é';
    const state = await write([at(id, 'src/a.ts'), at('b', 'src/a.ts')]);
    assert.deepEqual(await scan(['src/a.ts']), [`${id}:${title}`, `b:${title}`].sort());
    await append(state, [at(id, 'src/elsewhere.ts')], [], 2);
    assert.deepEqual(await scan(['src/a.ts']), [`b:${title}`]);
  });

  it('does not take a finding of another file whose related locations or flow name the path', async () => {
    const elsewhere = at('r', 'src/b.ts', {
      relatedLocations: [{ location: { path: 'src/a.ts', startLine: 2 } }],
      flow: [{ location: { path: 'src/a.ts', startLine: 3 } }],
    });
    await write([elsewhere, at('a', 'src/a.ts')]);
    assert.deepEqual(await scan(['src/a.ts']), [`a:${title}`]);
  });

  it('reads the same across chunk boundaries, a line longer than a chunk included', async () => {
    const findings = Array.from({ length: 60 }, (_, i) =>
      at(`f${i}`, `src/f${i % 7}.ts`, { title: `t${i}`, message: i === 30 ? 'long '.repeat(400) : 'short' }),
    );
    const state = await write(findings);
    await append(state, [at('f3', 'src/f1.ts', { title: 'moved' })], ['f8', 'f1'], 58);
    const paths = ['src/f1.ts', 'src/f2.ts'];
    const whole = await scan(paths);
    assert.deepEqual(whole, await readPaths(paths), 'as the full read');
    for (const chunk of [64, 100, 1000]) assert.deepEqual(await scan(paths, chunk), whole, `chunks of ${chunk} bytes`);
  });

  it('agrees with the full read over many syncs', async () => {
    const paths = ['src/f0.ts', 'src/f3.ts'];
    const files = (n: number) => `src/f${n % 5}.ts`;
    let state = await write(Array.from({ length: 40 }, (_, i) => at(`f${i}`, files(i), { title: 't0' })));
    for (let round = 1; round <= 12; round++) {
      const upserts = Array.from({ length: 6 }, (_, k) => at(`f${(round * 7 + k * 5) % 45}`, files(round + k), { title: `t${round}` }));
      const withdrawn = [`f${(round * 11) % 45}`];
      const after = await readCache(file, 'https://f', 'p');
      assert.ok(after && !('error' in after));
      const ids = new Set(after.findings.map((f) => f.id));
      for (const f of upserts) ids.add(f.id);
      ids.delete(withdrawn[0]!);
      state = await append(state, upserts, withdrawn, ids.size);
      assert.deepEqual(await scan(paths, 512), await readPaths(paths), `round ${round}`);
    }
  });

  it('reads the journal as the server writes it (the store spells each finding: id first, texts spliced in)', async () => {
    // As the feed's validation hands them to the store: parsed, in the schema's field order.
    const parsed = (f: Partial<Finding> & { id: string }) => Finding.parse(makeFinding(f));
    const store = new FindingStore((p) => resolveInFolder(URI.file('/home/dev/project'), p));
    store.replaceAll([
      parsed({
        id: 'a',
        location: { path: 'src/a.ts', startLine: 1 },
        relatedLocations: [{ location: { path: 'src/b.ts', startLine: 2 } }],
      }),
      parsed({ id: 'b', location: { path: 'src/b.ts', startLine: 1 }, flow: [{ location: { path: 'src/a.ts', startLine: 3 } }] }),
      parsed({ id: 'c', location: { path: 'src/a.ts', startLine: 4 }, title: 'third' }),
    ]);
    const lines = () => [...store.all()].map((s) => store.fullJson(s));
    const state = await writeCache(file, 'https://f', 'p', { cursor: { syncToken: 's1' }, findings: lines() });
    assert.deepEqual(await scan(['src/a.ts']), [`a:${title}`, 'c:third']);
    store.applyChanges([parsed({ id: 'c', revision: '2', location: { path: 'src/b.ts', startLine: 4 }, title: 'moved' })]);
    await appendCache(file, state, { cursor: { syncToken: 's2' }, upserts: [store.fullJson(store.get('c')!)], withdrawn: [], count: 3 });
    assert.deepEqual(await scan(['src/a.ts']), [`a:${title}`], 'the move is seen on a line spelt by the store');
    assert.deepEqual(await scan(['src/b.ts']), [`b:${title}`, 'c:moved']);
  });

  /** What the full read holds for these paths. */
  async function readPaths(paths: string[]): Promise<string[]> {
    const back = await readCache(file, 'https://f', 'p');
    assert.ok(back && !('error' in back), JSON.stringify(back));
    return back.findings
      .filter((f) => paths.includes(f.location.path))
      .map((f) => `${f.id}:${f.title}`)
      .sort();
  }
});
