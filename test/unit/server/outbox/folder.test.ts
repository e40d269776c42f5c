import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listEntries, outboxFolder, readEntry, writeEntry } from '../../../../src/server/outbox/folder';
import type { ReviewEntry } from '../../../../src/server/outbox/entry';

const entry: ReviewEntry = {
  id: '00000000-0000-4000-8000-000000000002',
  kind: 'review',
  targetId: 'D-1',
  body: { decision: 'approve', comment: '' },
  state: 'pending',
  attempts: 0,
  nextAttemptAt: 0,
  queuedAt: 'q',
  updatedAt: 'q',
};

describe('outbox folder', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'outbox-folder-'));
  });
  afterEach(async () => fs.rm(dir, { recursive: true, force: true }));

  it('keeps one folder per feed and project, the same for the same pair', () => {
    const a = outboxFolder('/s', 'https://feed.example.com/', 'p');
    assert.equal(a, outboxFolder('/s', 'https://feed.example.com', 'p'));
    assert.notEqual(a, outboxFolder('/s', 'https://feed.example.com', 'q'));
    assert.notEqual(a, outboxFolder('/s', 'https://other.example.com', 'p'));
    assert.equal(path.dirname(a), path.join('/s', 'outbox'));
  });

  it('writes without leaving temporary files, and sets aside a file that is not an entry', async () => {
    await writeEntry(dir, entry);
    assert.deepEqual(await readEntry(dir, entry.id), entry);
    await fs.writeFile(path.join(dir, '00000000-0000-4000-8000-000000000003.json'), '{"half":');
    const warned: string[] = [];
    const listed = await listEntries(dir, (f) => warned.push(f));
    assert.deepEqual(
      listed.map((e) => e.id),
      [entry.id],
    );
    assert.equal(warned.length, 1);
    assert.deepEqual((await fs.readdir(dir)).sort(), [`${entry.id}.json`, '00000000-0000-4000-8000-000000000003.json.corrupt'].sort());
  });
});
