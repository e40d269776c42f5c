/**
 * The storage interface itself, on both databases: what a new table or route can rely on.
 */
import { strict as assert } from 'node:assert';
import type { FeedStorage } from '../../../../src/feed/storage/feedStorage';
import { openFeedStorage } from '../../../../src/feed/storage/openStorage';
import { numberPlaceholders, redactedUrl } from '../../../../src/feed/storage/postgres';
import { openSqliteStorage } from '../../../../src/feed/storage/sqlite';
import { describeOnBackends, POSTGRES, SQLITE } from '../backends';

const ROW = { project: 'p1', revision: 1, status: 'open', raw: false, latestDecision: null, body: { id: 'x' } };

describeOnBackends('feed storage', [SQLITE, POSTGRES], (backend) => {
  let storage: FeedStorage;
  beforeEach(async () => {
    storage = await openFeedStorage(await backend.freshDb(), () => undefined);
  });
  afterEach(async () => {
    await storage.close();
  });

  it('says which database it is and keeps a feed id', () => {
    assert.equal(storage.kind, backend === SQLITE ? 'sqlite' : 'postgres');
    assert.match(storage.feedId, /^[0-9a-f-]{36}$/);
  });

  it('refuses a change outside a transaction, naming what to do', async () => {
    await assert.rejects(
      storage.findings.save({ key: 'a', ...ROW }),
      /findings\.save needs a transaction: call it inside storage\.transaction/,
    );
    await assert.rejects(storage.findings.getForUpdate('a'), /needs a transaction/);
  });

  it('gives each change the next place in the change sequence, in the order committed', async () => {
    const before = await storage.findings.currentSeq();
    const seqs = await storage.transaction(async (tx) => [
      (await tx.findings.save({ key: 'a', ...ROW })).seq,
      (await tx.findings.save({ key: 'b', ...ROW })).seq,
    ]);
    assert.ok(seqs[0]! > before && seqs[1]! > seqs[0]!);
    assert.equal(await storage.findings.currentSeq(), seqs[1]);
    assert.equal(await storage.findings.maxSeq('p1'), seqs[1]);
  });

  it('keeps nothing of a transaction that throws', async () => {
    await assert.rejects(
      storage.transaction(async (tx) => {
        await tx.findings.save({ key: 'gone', ...ROW });
        throw new Error('refused half-way');
      }),
      /refused half-way/,
    );
    assert.equal(await storage.findings.get('gone'), undefined);
  });

  it('refuses to write a finding from a read that another write has overtaken', async () => {
    await storage.transaction((tx) => tx.findings.save({ key: 'a', ...ROW }));
    await assert.rejects(
      storage.transaction((tx) => tx.findings.save({ key: 'a', ...ROW })),
      /finding a is already at revision 1 or later/,
    );
    const second = await storage.transaction((tx) => tx.findings.save({ key: 'a', ...ROW, revision: 2 }));
    assert.equal((await storage.findings.get('a'))?.seq, second.seq);
  });

  it('stores a meta value once: the first writer wins and every later one reads it', async () => {
    assert.equal(await storage.accounts.metaOnce('k', 'first'), 'first');
    assert.equal(await storage.accounts.metaOnce('k', 'second'), 'first');
  });

  it('hands the first answer under an idempotency key to every later claim of it', async () => {
    const first = await storage.transaction(async (tx) => {
      const earlier = await tx.idempotency.claim('key', 'hash');
      await tx.idempotency.answer('key', { status: 201, body: { ok: 1 } });
      return earlier;
    });
    assert.equal(first, undefined, "the first claim is the claimer's");
    const later = await storage.transaction((tx) => tx.idempotency.claim('key', 'other hash'));
    assert.deepEqual(later, { requestHash: 'hash', status: 201, body: { ok: 1 } });
  });
});

describe('feed storage: SQLite transactions take turns on the one connection', () => {
  it('makes a read outside a transaction wait until the running one has ended', async () => {
    const storage = await openSqliteStorage();
    try {
      let finish!: () => void;
      const halfway = new Promise<void>((resolve) => (finish = resolve));
      let saved!: () => void;
      const written = new Promise<void>((resolve) => (saved = resolve));
      const running = storage.transaction(async (tx) => {
        await tx.findings.save({ key: 'a', ...ROW });
        saved();
        await halfway;
        throw new Error('rolled back');
      });
      await written;
      let seen: unknown = 'not yet';
      const read = storage.findings.get('a').then((f) => (seen = f));
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(seen, 'not yet', 'the read waits rather than see an uncommitted row');
      finish();
      await assert.rejects(running, /rolled back/);
      await read;
      assert.equal(seen, undefined, 'and then sees the database as the rollback left it');
    } finally {
      await storage.close();
    }
  });
});

describe('feed storage: PostgreSQL helpers', () => {
  it('numbers the placeholders', () => {
    assert.equal(numberPlaceholders('SELECT ? WHERE a = ? AND b IN (?)'), 'SELECT $1 WHERE a = $2 AND b IN ($3)');
  });

  it('never shows a password in a database URL', () => {
    assert.equal(redactedUrl('postgres://feed:s3cret@db.example:5432/feed'), 'postgres://feed:***@db.example:5432/feed');
    assert.equal(
      redactedUrl('postgresql:///feed?host=/run/pg&password=s3cret&user=u'),
      'postgresql:///feed?host=/run/pg&password=***&user=u',
    );
    assert.equal(redactedUrl('postgres://feed@db/feed'), 'postgres://feed@db/feed');
  });
});
