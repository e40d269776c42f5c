import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MemoryTexts, TextSpill } from '../../../../src/server/storage/textSpill';

describe('findings texts scratch file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'fl-spill-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('reads back every text, before and after it reached the file, multi-byte ones included', () => {
    const spill = new TextSpill(dir);
    const texts = Array.from({ length: 3000 }, (_, i) => `finding ${i}: ${'é🔒 '.repeat(i % 97)}${'x'.repeat(i % 1500)}`);
    const refs = texts.map((t) => spill.put(t));
    // 3,000 texts of up to ~1.9 KB: several 1 MB chunks were written, the last is still in memory.
    assert.ok(spill.size > 2 * 1024 * 1024, `${spill.size} bytes`);
    refs.forEach((ref, i) => assert.equal(spill.get(ref), texts[i], `text ${i}`));
    assert.equal(spill.inMemory, false);
    spill.dispose();
  });

  it('reads records from one block read ahead, in any order, and records written after a read too', () => {
    const spill = new TextSpill(dir);
    const texts = Array.from({ length: 4000 }, (_, i) => `record ${i} ${'ü'.repeat(i % 300)}`);
    const refs = texts.map((t) => spill.put(t));
    const order = refs.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = (i * 7919) % (i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const i of order) assert.equal(spill.get(refs[i]!), texts[i], `record ${i} (shuffled)`);
    refs.forEach((ref, i) => assert.equal(spill.get(ref), texts[i], `record ${i} (in order)`));
    // Read the last record on disk, then write enough for more to reach the file: the block read
    // before must not answer for bytes it does not hold.
    const onDiskLast = [...refs].reverse().find((ref) => ref.at + ref.length <= 1024 * 1024)!;
    assert.equal(spill.get(onDiskLast), texts[refs.indexOf(onDiskLast)]);
    const later = Array.from({ length: 3000 }, (_, i) => `later ${i} ${'x'.repeat(i % 900)}`);
    const laterRefs = later.map((t) => spill.put(t));
    laterRefs.forEach((ref, i) => assert.equal(spill.get(ref), later[i], `later record ${i}`));
    spill.dispose();
  });

  it('takes a text longer than a chunk', () => {
    const spill = new TextSpill(dir);
    const small = spill.put('before');
    const big = 'm'.repeat(3 * 1024 * 1024);
    const ref = spill.put(big);
    const after = spill.put('after');
    assert.equal(spill.get(ref), big);
    assert.equal(spill.get(small), 'before');
    assert.equal(spill.get(after), 'after');
    spill.dispose();
  });

  it('leaves no file behind in its folder', async () => {
    const spill = new TextSpill(dir);
    for (let i = 0; i < 2000; i++) spill.put('y'.repeat(1000));
    if (process.platform !== 'win32') assert.deepEqual(await fs.readdir(dir), [], 'unlinked while open');
    spill.dispose();
    assert.deepEqual(await fs.readdir(dir), []);
  });

  it("removes a scratch file left by a server that is gone, never a live one's", async () => {
    const dead = path.join(dir, 'findings-texts-999999999-abcdef.tmp');
    const live = path.join(dir, `findings-texts-${process.ppid}-abcdef.tmp`);
    const other = path.join(dir, 'cache-0123456789abcdef.json');
    for (const f of [dead, live, other]) await fs.writeFile(f, 'x');
    const spill = new TextSpill(dir);
    const left = await fs.readdir(dir);
    assert.ok(!left.includes(path.basename(dead)), "the dead server's file is removed");
    assert.ok(left.includes(path.basename(live)), "a live process's file stays");
    assert.ok(left.includes(path.basename(other)), 'other files stay');
    spill.dispose();
  });

  it('keeps the texts in memory, says so once, and loses nothing when the folder cannot hold a file', async () => {
    const blocker = path.join(dir, 'a-file');
    await fs.writeFile(blocker, 'not a folder');
    const warnings: string[] = [];
    const spill = new TextSpill(path.join(blocker, 'sub'), (m) => warnings.push(m));
    const refs = Array.from({ length: 1500 }, (_, i) => spill.put(`text ${i} ${'z'.repeat(1000)}`));
    refs.forEach((ref, i) => assert.equal(spill.get(ref), `text ${i} ${'z'.repeat(1000)}`));
    assert.equal(spill.inMemory, true);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /cannot create a scratch file .*stay in memory instead.*nothing is lost/);
    spill.dispose();
  });

  it('the memory store answers the same way', () => {
    const texts = new MemoryTexts();
    const a = texts.put('a');
    const b = texts.put('bé');
    assert.equal(texts.get(b), 'bé');
    assert.equal(texts.get(a), 'a');
    assert.throws(() => texts.get({ at: 9, length: 1 }), /no text at 9/);
  });
});
