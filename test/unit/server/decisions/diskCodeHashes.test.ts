import * as assert from 'node:assert/strict';
import { codeHash } from '../../../../src/server/decisions/codeHash';
import { DiskCodeHashes, hashesInText } from '../../../../src/server/decisions/diskCodeHashes';
import { makeFinding } from '../makeFinding';

const flagged = '  db.query("SELECT * FROM t WHERE id = " + id);';
const finding = makeFinding({ id: 'f', location: { path: 'a.ts', startLine: 2, snippet: flagged } });

describe("closed files' pinned code", () => {
  it('hashes the flagged line where the code is now, so code that only moved is not taken as changed', () => {
    const moved = ['// header', '// added', '// added', 'function f(id) {', flagged, '}'].join('\n');
    assert.equal(hashesInText([finding], moved).get('f'), codeHash([flagged]));
  });

  it("has no hash when the file is shorter than the finding's line and the code is gone", () => {
    assert.equal(hashesInText([makeFinding({ id: 'g', location: { path: 'a.ts', startLine: 40 } })], 'one\ntwo').get('g'), undefined);
  });

  it('reads each file once and says which files changed since the last read', async () => {
    const files = new Map([['file:///a.ts', `x\n${flagged}\n`]]);
    let reads = 0;
    const hashes = new DiskCodeHashes(async (uri) => {
      reads += 1;
      return files.get(uri);
    });
    const other = makeFinding({ id: 'h', location: { path: 'a.ts', startLine: 1 } });
    const pinned = [
      { uri: 'file:///a.ts', finding },
      { uri: 'file:///a.ts', finding: other },
    ];
    assert.deepEqual([...(await hashes.refresh(pinned))], ['file:///a.ts']);
    assert.equal(reads, 1);
    assert.equal(hashes.get('f'), codeHash([flagged]));
    assert.deepEqual([...(await hashes.refresh(pinned))], [], 'nothing changed on disk');
    files.set('file:///a.ts', `x\n${flagged.replace('id', 'Number(id)')}\n`);
    assert.deepEqual([...(await hashes.refresh(pinned))], ['file:///a.ts']);
    assert.notEqual(hashes.get('f'), codeHash([flagged]));
  });
});
