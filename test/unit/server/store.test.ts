import * as assert from 'node:assert/strict';
import { URI } from 'vscode-uri';
import { resolveInFolder } from '../../../src/server/paths';
import { FindingStore } from '../../../src/server/store';
import { makeFinding } from './makeFinding';

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
    assert.deepEqual(store.inFile(uri('x.ts')).map((s) => s.finding.id).sort(), ['a', 'b']);
    assert.deepEqual(store.inFile(uri('y.ts')).map((s) => s.finding.id), ['c']);
    assert.deepEqual(store.inFile(uri('z.ts')), []);
  });

  it('keeps findings with refused paths out of every file, and reports them', () => {
    const store = newStore();
    const result = store.replaceAll([
      makeFinding({ id: 'evil', location: { path: '../../etc/passwd', startLine: 1 } }),
      makeFinding({ id: 'abs', location: { path: '/etc/passwd', startLine: 1 } }),
    ]);
    assert.deepEqual([...result.affected], []);
    assert.deepEqual(result.rejected.map((r) => r.id), ['evil', 'abs']);
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
    store.replaceAll([makeFinding({ id: 'a', location: { path: 'x.ts', startLine: 1 } }), makeFinding({ id: 'b', location: { path: 'y.ts', startLine: 1 } })]);
    const result = store.applyChanges([makeFinding({ id: 'a', revision: '2', status: 'withdrawn', location: { path: 'x.ts', startLine: 1 } })]);
    assert.deepEqual([...result.affected], [uri('x.ts')]);
    assert.equal(store.get('a'), undefined);
    assert.equal(store.size, 1);
    assert.deepEqual(store.files(), [uri('y.ts')]);
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
    store.replaceAll([makeFinding({ id: 'a', location: { path: 'x.ts', startLine: 1 } }), makeFinding({ id: 'b', location: { path: 'y.ts', startLine: 1 } })]);
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
