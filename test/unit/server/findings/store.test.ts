import * as assert from 'node:assert/strict';
import { URI } from 'vscode-uri';
import { resolveInFolder } from '../../../../src/server/workspace/paths';
import { FindingStore } from '../../../../src/server/findings/store';
import { MemoryTexts } from '../../../../src/server/storage/textSpill';
import { makeFinding } from '../makeFinding';

const folder = URI.parse('file:///w');
const uri = (path: string) => `file:///w/${path}`;
const newStore = () => new FindingStore((path) => resolveInFolder(folder, path));

describe('findings store', () => {
  it('indexes findings by resolved file', () => {
    const store = newStore();
    const result = store.replaceAll([
      makeFinding({ id: 'a', location: { path: 'x.ts', startLine: 1 } }),
      makeFinding({ id: 'b', location: { path: 'x.ts', startLine: 2 } }),
      makeFinding({ id: 'c', location: { path: 'y.ts', startLine: 1 } }),
    ]);
    assert.deepEqual([...result.affected].sort(), [uri('x.ts'), uri('y.ts')]);
    assert.equal(result.changed, 3);
    assert.deepEqual(
      store
        .inFile(uri('x.ts'))
        .map((s) => s.finding.id)
        .sort(),
      ['a', 'b'],
    );
    assert.deepEqual(
      store.inFile(uri('y.ts')).map((s) => s.finding.id),
      ['c'],
    );
    assert.deepEqual(store.inFile(uri('z.ts')), []);
  });

  it('holds a finding sent twice in one sync once, and says how many copies it dropped', () => {
    const store = newStore();
    const full = store.replaceAll([
      makeFinding({ id: 'a', revision: '1' }),
      makeFinding({ id: 'b' }),
      makeFinding({ id: 'a', revision: '2', title: 'the later copy' }),
      makeFinding({ id: 'b' }),
    ]);
    assert.equal(full.duplicates, 2);
    assert.equal(store.size, 2);
    assert.equal(store.get('a')?.finding.title, 'the later copy', 'a later revision replaces the earlier copy');
    const incremental = store.applyChanges([makeFinding({ id: 'c' }), makeFinding({ id: 'c' })]);
    assert.equal(incremental.duplicates, 1);
    assert.equal(store.size, 3);
    assert.equal(store.replaceAll([makeFinding({ id: 'a' })]).duplicates, 0);
  });

  it('keeps findings with refused paths out of every file, and reports them', () => {
    const store = newStore();
    const result = store.replaceAll([
      makeFinding({ id: 'evil', location: { path: '../../etc/passwd', startLine: 1 } }),
      makeFinding({ id: 'abs', location: { path: '/etc/passwd', startLine: 1 } }),
    ]);
    assert.deepEqual([...result.affected], []);
    assert.deepEqual(
      result.rejected.map((r) => r.id),
      ['evil', 'abs'],
    );
    assert.equal(store.get('evil')?.resolution.ok, false, 'still known, for getFinding');
    assert.deepEqual(store.files(), []);
  });

  it('an incremental change affects only the old and new files of what moved', () => {
    const store = newStore();
    store.replaceAll([
      makeFinding({ id: 'a', location: { path: 'x.ts', startLine: 1 } }),
      makeFinding({ id: 'b', location: { path: 'y.ts', startLine: 1 } }),
      makeFinding({ id: 'c', location: { path: 'z.ts', startLine: 1 } }),
    ]);
    const result = store.applyChanges([makeFinding({ id: 'a', revision: '2', location: { path: 'w.ts', startLine: 9 } })]);
    assert.deepEqual([...result.affected].sort(), [uri('w.ts'), uri('x.ts')]);
    assert.equal(result.changed, 1);
    assert.deepEqual(store.inFile(uri('x.ts')), []);
    assert.equal(store.inFile(uri('w.ts'))[0]?.finding.location.startLine, 9);
    assert.deepEqual(store.files().sort(), [uri('w.ts'), uri('y.ts'), uri('z.ts')]);
  });

  it('a tombstone removes the finding and affects its file', () => {
    const store = newStore();
    store.replaceAll([
      makeFinding({ id: 'a', location: { path: 'x.ts', startLine: 1 } }),
      makeFinding({ id: 'b', location: { path: 'y.ts', startLine: 1 } }),
    ]);
    const result = store.applyChanges([
      makeFinding({ id: 'a', revision: '2', status: 'withdrawn', location: { path: 'x.ts', startLine: 1 } }),
    ]);
    assert.deepEqual([...result.affected], [uri('x.ts')]);
    assert.equal(store.get('a'), undefined);
    assert.equal(store.size, 1);
    assert.deepEqual(store.files(), [uri('y.ts')]);
  });

  it("whole files replace what the store held at their paths, and leave other files' findings alone", () => {
    const store = newStore();
    const at = (id: string, path: string, revision = '1') => makeFinding({ id, revision, location: { path, startLine: 1 } });
    // What a first look showed: x.ts with a, gone, moved; y.ts with b.
    store.applyChanges([at('a', 'x.ts'), at('gone', 'x.ts'), at('moved', 'x.ts'), at('b', 'y.ts')]);
    const result = store.replaceFiles([at('a', 'x.ts'), at('new', 'x.ts'), at('a', 'x.ts')]);
    assert.deepEqual(
      store
        .inFile(uri('x.ts'))
        .map((s) => s.finding.id)
        .sort(),
      ['a', 'new'],
      'what x.ts no longer has is gone; the same revision of a is kept as it was',
    );
    assert.deepEqual(
      store.inFile(uri('y.ts')).map((s) => s.finding.id),
      ['b'],
      'a file the listing has not completed keeps what the look showed',
    );
    assert.equal(store.get('gone'), undefined);
    assert.deepEqual([...result.affected], [uri('x.ts')]);
    assert.equal(result.changed, 3, 'gone and moved removed, new added');
    assert.equal(result.duplicates, 1);
    // The finding that moved comes with its new file.
    store.replaceFiles([at('moved', 'z.ts', '2')]);
    assert.equal(store.inFile(uri('z.ts'))[0]?.finding.id, 'moved');
    assert.equal(store.size, 4);
  });

  it('a tombstone for an unknown finding changes nothing', () => {
    const store = newStore();
    const result = store.applyChanges([makeFinding({ id: 'ghost', status: 'withdrawn' })]);
    assert.equal(result.changed, 0);
    assert.equal(result.affected.size, 0);
  });

  it('the same revision again (a 304-like resend) affects nothing', () => {
    const store = newStore();
    const findings = [makeFinding({ id: 'a', location: { path: 'x.ts', startLine: 1 } })];
    store.replaceAll(findings);
    const again = store.replaceAll(findings);
    assert.equal(again.changed, 0);
    assert.equal(again.affected.size, 0);
    assert.equal(store.applyChanges([]).affected.size, 0, 'an empty incremental sync (what a 304 means) affects nothing');
  });

  it('a full sync removes what the feed no longer lists', () => {
    const store = newStore();
    store.replaceAll([
      makeFinding({ id: 'a', location: { path: 'x.ts', startLine: 1 } }),
      makeFinding({ id: 'b', location: { path: 'y.ts', startLine: 1 } }),
    ]);
    const result = store.replaceAll([makeFinding({ id: 'b', location: { path: 'y.ts', startLine: 1 } })]);
    assert.deepEqual([...result.affected], [uri('x.ts')]);
    assert.equal(result.changed, 1);
  });

  it('re-resolving moves findings to the new folder', () => {
    const store = newStore();
    store.replaceAll([makeFinding({ id: 'a', location: { path: 'x.ts', startLine: 1 } })]);
    const result = store.reresolve((path) => resolveInFolder(URI.parse('file:///v'), path));
    assert.deepEqual([...result.affected].sort(), ['file:///v/x.ts', uri('x.ts')]);
    assert.deepEqual(store.files(), ['file:///v/x.ts']);
  });
});

describe('findings store: texts kept apart', () => {
  const withTexts = () => {
    const texts = new MemoryTexts();
    return { texts, store: new FindingStore((path) => resolveInFolder(folder, path), texts) };
  };
  const flow = [{ location: { path: 'x.ts', startLine: 1 }, message: 'source' }];

  it('holds the core in memory and gives the whole finding back on demand', () => {
    const { store } = withTexts();
    const f = makeFinding({
      id: 'a',
      message: 'long **markdown**',
      flow,
      location: { path: 'x.ts', startLine: 3, snippet: 'db.query(q)' },
    });
    store.replaceAll([f]);
    const stored = store.get('a')!;
    assert.equal('message' in stored.finding, false, 'no message in memory');
    assert.equal('flow' in stored.finding, false, 'no flow in memory');
    assert.equal(stored.finding.location.snippet, 'db.query(q)', 'the snippet stays (anchoring reads it)');
    assert.equal(store.message(stored), 'long **markdown**');
    assert.deepEqual(store.links(stored), { flow });
    assert.deepEqual(store.full(stored), f);
  });

  it('writes a finding as JSON with its stored texts spliced in, reading as the whole finding does', () => {
    const { store } = withTexts();
    const step = { location: { path: 'x.ts', startLine: 1 }, message: 'from "here" \u2028 é🔒' };
    const findings = [
      makeFinding({ id: 'plain', message: 'a "quoted" \\ message\n with lines' }),
      makeFinding({ id: 'flow', message: '', flow: [step] }),
      makeFinding({ id: 'related', message: 'm', relatedLocations: [step] }),
      makeFinding({ id: 'both', message: 'm', flow: [step, step], relatedLocations: [step] }),
    ];
    store.replaceAll(findings);
    for (const f of findings) {
      const stored = store.get(f.id)!;
      assert.deepEqual(JSON.parse(store.fullJson(stored)), JSON.parse(JSON.stringify(store.full(stored))), f.id);
      assert.deepEqual(JSON.parse(store.fullJson(stored)), JSON.parse(JSON.stringify(f)), f.id);
    }
  });

  it('reads no links for a finding without flow or related locations', () => {
    const { store } = withTexts();
    store.replaceAll([makeFinding({ id: 'a' })]);
    assert.equal(store.get('a')!.links, undefined);
    assert.deepEqual(store.links(store.get('a')!), {});
  });

  it('writes no texts again for a finding at the revision it holds, and counts replaced texts as dead', () => {
    const { texts, store } = withTexts();
    store.replaceAll([makeFinding({ id: 'a', message: 'first' }), makeFinding({ id: 'b', message: 'other' })]);
    const size = texts.size;
    store.replaceAll([makeFinding({ id: 'a', message: 'first' }), makeFinding({ id: 'b', message: 'other' })]);
    assert.equal(texts.size, size, 'an unchanged full resync writes nothing');
    assert.equal(store.textBytes().dead, 0);
    store.applyChanges([makeFinding({ id: 'a', revision: '2', message: 'second' })]);
    assert.equal(store.message(store.get('a')!), 'second');
    assert.equal(store.textBytes().dead, JSON.stringify('first').length);
    store.applyChanges([makeFinding({ id: 'b', revision: '2', status: 'withdrawn' })]);
    assert.equal(store.textBytes().dead, JSON.stringify('first').length + JSON.stringify('other').length);
  });

  it('a decision shown at once keeps the texts', () => {
    const { store } = withTexts();
    store.replaceAll([makeFinding({ id: 'a', message: 'kept', flow })]);
    const { finding } = store.get('a')!;
    store.replace([{ ...finding, status: 'acknowledged' }]);
    assert.equal(store.get('a')!.finding.status, 'acknowledged');
    assert.equal(store.message(store.get('a')!), 'kept');
    assert.deepEqual(store.links(store.get('a')!), { flow });
    assert.equal(store.textBytes().dead, 0);
  });

  it('compacts only when most texts are dead, and keeps every live one', () => {
    const { store } = withTexts();
    store.replaceAll(Array.from({ length: 10 }, (_, i) => makeFinding({ id: `f${i}`, message: `m${i}`.repeat(50), flow })));
    assert.equal(
      store.compactTexts(() => new MemoryTexts(), 1),
      false,
      'nothing dead yet',
    );
    store.applyChanges(Array.from({ length: 8 }, (_, i) => makeFinding({ id: `f${i}`, revision: '2', message: `n${i}` })));
    let fresh: MemoryTexts | undefined;
    assert.equal(
      store.compactTexts(() => (fresh = new MemoryTexts()), 1),
      true,
    );
    assert.equal(store.textBytes().dead, 0);
    assert.equal(store.textBytes().total, fresh!.size);
    for (let i = 0; i < 10; i++) assert.equal(store.message(store.get(`f${i}`)!), i < 8 ? `n${i}` : `m${i}`.repeat(50));
    assert.deepEqual(store.links(store.get('f9')!), { flow });
  });
});
