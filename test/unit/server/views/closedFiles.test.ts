import { strict as assert } from 'node:assert';
import type { Finding } from '../../../../src/shared/feed';
import { CommitTally } from '../../../../src/server/findings/commitTally';
import { FindingStore } from '../../../../src/server/findings/store';
import { anchorClosedFile, feedLinesHold } from '../../../../src/server/views/closedAnchors';
import { ClosedFiles } from '../../../../src/server/views/closedFiles';
import type { ChangedFiles } from '../../../../src/server/workspace/changedFiles';
import { makeFinding } from '../makeFinding';

const C = 'c0ffee0000000000000000000000000000000001';
const uriOf = (path: string) => `file:///ws/${path}`;
const AT_COMMIT = 'import { db } from "./db";\nconst id = req.query.id;\ndb.query("SELECT " + id);\nexport {};\n';
const THREE_ABOVE = `// one\n// two\n// three\n${AT_COMMIT}`;

function finding(id: string, path: string, overrides: Partial<Finding> = {}): Finding {
  return makeFinding({ id, location: { path, startLine: 3, snippet: 'db.query("SELECT " + id);' }, commit: C, ...overrides });
}

/** A store with its commit tally (as the session's), a disk, a repository that says what changed, and what the closed files did with them. */
function world(disk: Record<string, string>, changed: (commits: readonly string[]) => ChangedFiles | undefined) {
  const commits = new CommitTally();
  const store = new FindingStore((path) => ({ ok: true, uri: uriOf(path) }), undefined, commits);
  const files = new Map(Object.entries(disk).map(([path, text]) => [uriOf(path), text]));
  const open = new Set<string>();
  const reads: string[] = [];
  const moved: string[][] = [];
  const logs: string[] = [];
  let pauses = 0;
  const closed = new ClosedFiles({
    findings: store,
    commits: (max) => commits.ask(max),
    isOpen: (uri) => open.has(uri),
    read: async (uri) => (reads.push(uri), files.get(uri)),
    baseOf: async (f) => (f.commit === C ? AT_COMMIT : undefined),
    changedFiles: async (commits) => changed(commits),
    uriOf,
    moved: (uris) => void moved.push(uris),
    log: (_level, message) => void logs.push(message),
    pause: async () => void (pauses += 1),
  });
  return { store, files, open, reads, moved, logs, closed, pauses: () => pauses };
}

const gitSays =
  (...paths: string[]) =>
  (commits: readonly string[]) => ({
    byCommit: new Map(commits.map((c) => [c, { known: true as const, paths: new Set(paths) }])),
    untracked: new Set<string>(),
  });

describe('closed files anchored from the disk', () => {
  it('anchors only the files git lists as changed, at the code on disk', async () => {
    const w = world({ 'src/a.ts': THREE_ABOVE, 'src/b.ts': THREE_ABOVE }, gitSays('src/a.ts', 'src/unrelated.ts'));
    w.store.replaceAll([finding('a1', 'src/a.ts'), finding('b1', 'src/b.ts')]);
    await w.closed.scan();
    assert.deepEqual(w.reads, [uriOf('src/a.ts')], 'b.ts is not listed by git: it is not read');
    const a1 = w.closed.placement(uriOf('src/a.ts'), w.store.get('a1')!.finding);
    assert.equal(a1?.range.start.line, 5, 'line 3 of the feed, three lines lower: 0-based 5');
    assert.equal(a1?.state, 'moved');
    assert.equal(w.closed.placement(uriOf('src/b.ts'), w.store.get('b1')!.finding), undefined);
    assert.deepEqual(w.moved, [[uriOf('src/a.ts')]]);
  });

  it('keeps a placement only for the finding it was made for: a finding the feed changed is at its feed lines', async () => {
    const w = world({ 'src/a.ts': THREE_ABOVE }, gitSays('src/a.ts'));
    w.store.replaceAll([finding('a1', 'src/a.ts')]);
    await w.closed.scan();
    w.store.applyChanges([finding('a1', 'src/a.ts', { revision: '2' })]);
    assert.equal(w.closed.placement(uriOf('src/a.ts'), w.store.get('a1')!.finding), undefined);
    w.closed.stale([uriOf('src/a.ts')]);
    await w.closed.scan();
    assert.equal(w.closed.placement(uriOf('src/a.ts'), w.store.get('a1')!.finding)?.range.start.line, 5);
  });

  it('does a file once until it changes again', async () => {
    const w = world({ 'src/a.ts': THREE_ABOVE }, gitSays('src/a.ts'));
    w.store.replaceAll([finding('a1', 'src/a.ts')]);
    await w.closed.scan();
    await w.closed.scan();
    assert.equal(w.reads.length, 1);
    w.files.set(uriOf('src/a.ts'), `// four\n${THREE_ABOVE}`);
    await w.closed.changed([uriOf('src/a.ts')]);
    assert.equal(w.reads.length, 2);
    assert.equal(w.closed.placement(uriOf('src/a.ts'), w.store.get('a1')!.finding)?.range.start.line, 6);
  });

  it('leaves open files to the editor', async () => {
    const w = world({ 'src/a.ts': THREE_ABOVE }, gitSays('src/a.ts'));
    w.store.replaceAll([finding('a1', 'src/a.ts')]);
    w.open.add(uriOf('src/a.ts'));
    await w.closed.scan();
    await w.closed.changed([uriOf('src/a.ts')]);
    assert.deepEqual(w.reads, []);
  });

  it('puts a file back at its feed lines once git no longer lists it (the change was undone)', async () => {
    let listed = ['src/a.ts'];
    const w = world({ 'src/a.ts': THREE_ABOVE }, (commits) => gitSays(...listed)(commits));
    w.store.replaceAll([finding('a1', 'src/a.ts')]);
    await w.closed.scan();
    assert.ok(w.closed.placement(uriOf('src/a.ts'), w.store.get('a1')!.finding));
    w.files.set(uriOf('src/a.ts'), AT_COMMIT);
    listed = [];
    await w.closed.scan(true);
    assert.equal(w.closed.placement(uriOf('src/a.ts'), w.store.get('a1')!.finding), undefined);
    assert.deepEqual(w.moved.at(-1), [uriOf('src/a.ts')]);
  });

  it('without an answer from git, checks each file against its snippets and anchors only those that differ', async () => {
    const w = world({ 'src/a.ts': THREE_ABOVE, 'src/b.ts': AT_COMMIT }, () => undefined);
    w.store.replaceAll([finding('a1', 'src/a.ts'), finding('b1', 'src/b.ts', { commit: undefined })]);
    await w.closed.scan();
    assert.deepEqual([...w.reads].sort(), [uriOf('src/a.ts'), uriOf('src/b.ts')]);
    assert.equal(w.closed.placement(uriOf('src/a.ts'), w.store.get('a1')!.finding)?.range.start.line, 5);
    assert.equal(w.closed.placement(uriOf('src/b.ts'), w.store.get('b1')!.finding), undefined, 'its snippet is at its line');
    assert.deepEqual(w.moved, [[uriOf('src/a.ts')]]);
  });

  it('for a commit git does not know, falls back to the check for that commit only', async () => {
    const other = 'ab'.repeat(20);
    const w = world({ 'src/a.ts': THREE_ABOVE, 'src/b.ts': THREE_ABOVE }, (commits) => ({
      byCommit: new Map(commits.map((c) => [c, c === C ? { known: true, paths: new Set<string>() } : { known: false, why: 'shallow' }])),
      untracked: new Set(),
    }));
    w.store.replaceAll([finding('a1', 'src/a.ts'), finding('b1', 'src/b.ts', { commit: other })]);
    await w.closed.scan();
    assert.deepEqual(w.reads, [uriOf('src/b.ts')], 'a.ts is at a commit git says it has not changed since');
    assert.equal(w.closed.placement(uriOf('src/b.ts'), w.store.get('b1')!.finding)?.range.start.line, 5);
  });

  it('draws an unreadable file at its feed lines', async () => {
    const w = world({ 'src/a.ts': THREE_ABOVE }, gitSays('src/a.ts'));
    w.store.replaceAll([finding('a1', 'src/a.ts')]);
    await w.closed.scan();
    w.files.delete(uriOf('src/a.ts'));
    await w.closed.changed([uriOf('src/a.ts')]);
    assert.equal(w.closed.placement(uriOf('src/a.ts'), w.store.get('a1')!.finding), undefined);
  });

  it('works in slices, pausing for requests and publishing what moved after each', async () => {
    const paths = Array.from({ length: 12 }, (_, i) => `src/f${i}.ts`);
    const w = world(Object.fromEntries(paths.map((p) => [p, THREE_ABOVE])), gitSays(...paths));
    w.store.replaceAll(paths.map((p, i) => finding(`f${i}`, p)));
    const sliced = new ClosedFiles({ ...depsOf(w), sliceMs: 0 });
    await sliced.scan();
    assert.equal(w.pauses(), 12, 'a pause after each file when a slice is 0 ms');
    assert.equal(w.moved.length, 12);
    assert.deepEqual(w.moved.flat().sort(), paths.map(uriOf).sort());
  });
});

describe('the closed files pass on a big store', () => {
  it('plans the checks in slices: a walk of the findings pauses like the drain', async () => {
    // 3,000 findings in 3 files, no answer from git: every finding is walked to plan the checks.
    const paths = ['src/a.ts', 'src/b.ts', 'src/c.ts'];
    const w = world(Object.fromEntries(paths.map((p) => [p, AT_COMMIT])), () => undefined);
    w.store.replaceAll(Array.from({ length: 3000 }, (_, i) => finding(`f${i}`, paths[i % 3]!)));
    const sliced = new ClosedFiles({ ...depsOf(w), sliceMs: 0 });
    await sliced.scan();
    assert.equal(w.reads.length, 3);
    assert.ok(w.pauses() >= 3 + 2, `a pause after each file and at least two while walking 3,000 findings; ${w.pauses()} pauses`);
  });

  it('asks the tally for the commits: a pass after a change walks no finding when git answers for them all', async () => {
    const w = world({ 'src/a.ts': THREE_ABOVE, 'src/b.ts': THREE_ABOVE }, gitSays('src/a.ts'));
    w.store.replaceAll([finding('a1', 'src/a.ts'), finding('b1', 'src/b.ts')]);
    let walks = 0;
    const counted = {
      all: () => (walks++, w.store.all()),
      inFile: (uri: string) => w.store.inFile(uri),
    };
    const asked: number[] = [];
    const closed = new ClosedFiles({
      ...depsOf(w),
      findings: counted,
      commits: (max) => (asked.push(max), { asked: [C], others: new Set() }),
    });
    await closed.scan();
    w.store.applyChanges([finding('a1', 'src/a.ts', { revision: '2' })]);
    closed.stale([uriOf('src/a.ts')]);
    await closed.scan();
    assert.equal(walks, 0, 'no walk of the findings');
    assert.deepEqual(asked, [32, 32]);
    assert.equal(closed.placement(uriOf('src/a.ts'), w.store.get('a1')!.finding)?.range.start.line, 5);
  });
});

describe('a closed file anchored', () => {
  it('is placed as an open file would be, the feed columns kept while the flagged text is unchanged', () => {
    const f = {
      ...finding('a1', 'src/a.ts'),
      location: { path: 'src/a.ts', startLine: 3, startColumn: 4, endColumn: 9, snippet: 'db.query("SELECT " + id);' },
    };
    const [placed] = anchorClosedFile([f], THREE_ABOVE, [AT_COMMIT]);
    assert.deepEqual(placed?.placement.range, { start: { line: 5, character: 3 }, end: { line: 5, character: 8 } });
  });

  it('holds at its feed lines when its snippet (or else its line hash) is there, whitespace aside', () => {
    const lines = AT_COMMIT.split('\n');
    assert.ok(feedLinesHold({ path: 'a', startLine: 3, snippet: '  db.query("SELECT "+id);' }, lines));
    assert.ok(!feedLinesHold({ path: 'a', startLine: 2, snippet: 'db.query("SELECT " + id);' }, lines));
    assert.ok(!feedLinesHold({ path: 'a', startLine: 9, snippet: 'db.query("SELECT " + id);' }, lines));
    assert.ok(feedLinesHold({ path: 'a', startLine: 3 }, lines), 'nothing to compare: the feed stands');
  });
});

/** The deps `w.closed` was made with, to make another with one changed. */
function depsOf(w: ReturnType<typeof world>): ConstructorParameters<typeof ClosedFiles>[0] {
  return (w.closed as unknown as { deps: ConstructorParameters<typeof ClosedFiles>[0] }).deps;
}
