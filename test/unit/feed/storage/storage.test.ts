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

/** A finding as an analysis of tool `tool`, category `cat`, writes it. */
function analysed(key: string, revision = 1, tool = 'A') {
  const { raw: _raw, ...row } = ROW;
  return { key, ...row, revision, sarif: { tool, category: 'cat', rule: 'r1', fingerprint: 'snippet:x', contentHash: 'h' } };
}

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

  it('gives a batch of changes consecutive places, after every earlier change and before every later one', async () => {
    await storage.transaction((tx) => tx.findings.save({ key: 'a', ...ROW }));
    const before = await storage.findings.currentSeq();
    const rows = Array.from({ length: 1203 }, (_, i) => analysed(`s${i}`));
    await storage.transaction((tx) => tx.findings.saveAnalysed(rows));
    assert.equal(await storage.findings.currentSeq(), before + 1203);
    const seqs = await Promise.all(['s0', 's499', 's500', 's1202'].map(async (k) => (await storage.findings.get(k))!.seq));
    assert.deepEqual(seqs, [before + 1, before + 500, before + 501, before + 1203], 'in the order given, across batches');
    const after = await storage.transaction((tx) => tx.findings.save({ key: 'later', ...ROW }));
    assert.equal(after.seq, before + 1204);
  });

  it('refuses a batch that would write over a newer revision, and keeps none of it', async () => {
    await storage.transaction((tx) => tx.findings.saveAnalysed([analysed('a', 2)]));
    await assert.rejects(
      storage.transaction((tx) => tx.findings.saveAnalysed([analysed('b'), analysed('a', 2)])),
      /1 of these findings are already at their revision or later/,
    );
    assert.equal(await storage.findings.get('b'), undefined);
  });

  it("reads a scope's findings with whether this ref, or another, reports each", async () => {
    await storage.transaction(async (tx) => {
      await tx.findings.saveAnalysed([analysed('main-only'), analysed('both'), analysed('pr-only'), analysed('other-tool', 1, 'B')]);
      await tx.analyses.report(['main-only', 'both'], 'refs/heads/main');
      await tx.analyses.report(['both', 'pr-only', 'both'], 'refs/pull/1/merge');
    });
    const scope = await storage.transaction((tx) => tx.analyses.scope('p1', 'A', 'cat', 'refs/heads/main'));
    assert.deepEqual([...scope.values()].map((f) => [f.key, f.here, f.elsewhere, f.rule, f.fingerprint, f.contentHash]).sort(), [
      ['both', true, true, 'r1', 'snippet:x', 'h'],
      ['main-only', true, false, 'r1', 'snippet:x', 'h'],
      ['pr-only', false, true, 'r1', 'snippet:x', 'h'],
    ]);
    await storage.transaction((tx) => tx.analyses.unreport(['both'], 'refs/pull/1/merge'));
    assert.deepEqual(await storage.analyses.refsOf('both'), ['refs/heads/main']);
    await assert.rejects(storage.analyses.scope('p1', 'A', 'cat', 'x'), /analyses\.scope needs a transaction/);
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
