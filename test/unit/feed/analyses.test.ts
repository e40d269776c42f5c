/**
 * SARIF analyses into the feed, through POST /v1/projects/{project}/analyses: the real scanners'
 * fixtures at two revisions keep their identities, decisions and history; what a newer analysis no
 * longer reports is fixed (and never by mistake); what comes back is reopened; suppressions are the
 * tool's decisions. On SQLite, PostgreSQL and two instances.
 */
import { strict as assert } from 'node:assert';
import type { RunningFeed } from '../../../src/feed/server';
import { ALL_BACKENDS, describeOnBackends } from './backends';
import { as, review, startTestFeed, syncAll, triage } from './helpers';
import { logOf, resultAt } from './sarif/logs';
import { COMMITS, uploadFixture, uploadLog, type Tool } from './uploads';

const RECEIPTS = 'src/routes/receipts.ts';
const NATIVE = 'native/receipt_line.c';
const COUNTS = { new: 0, unchanged: 0, changed: 0, fixed: 0, reopened: 0, setAside: 0 };

/** The project's findings made from analyses, by `path:line`. */
async function sarifFindings(feed: RunningFeed): Promise<Map<string, any>> {
  const { findings } = await syncAll(feed, 'dana', 'p1');
  const byPlace = new Map<string, any>();
  for (const f of findings.filter((f) => f.id.startsWith('sarif-'))) {
    const place = `${f.location.path}:${f.location.startLine}`;
    assert.ok(!byPlace.has(place), `one finding at ${place}`);
    byPlace.set(place, f);
  }
  return byPlace;
}

async function taken(feed: RunningFeed, tool: Tool, revision: 1 | 2, options = {}): Promise<any> {
  const answer = await uploadFixture(feed, tool, revision, options);
  assert.equal(answer.status, 201, answer.text);
  return answer.body;
}

const ACK = { action: 'acknowledge', reason: 'will_fix', comment: 'on it' };

describeOnBackends('feed: SARIF analyses, identity across uploads', ALL_BACKENDS, (backend) => {
  let feed: RunningFeed;
  beforeEach(async () => {
    feed = await startTestFeed(backend);
  });
  afterEach(async () => {
    await feed.close();
  });

  it('takes a log whole: each result a finding of the project, served like any other, and answers what it took', async () => {
    const receipt = await taken(feed, 'eslint', 1);
    assert.match(receipt.analysis.id, /^an_/);
    assert.deepEqual(
      { ...receipt, analysis: { ...receipt.analysis, id: 'an' } },
      {
        analysis: { id: 'an', project: 'p1', category: 'eslint', commit: '1'.repeat(40), ref: 'refs/heads/main', tools: ['ESLint'] },
        counts: { ...COUNTS, new: 4 },
        setAside: [],
        notes: [],
      },
    );
    const found = await sarifFindings(feed);
    assert.deepEqual([...found.keys()].sort(), ['src/config.ts:15', `${RECEIPTS}:14`, `${RECEIPTS}:27`, `${RECEIPTS}:38`]);
    for (const f of found.values()) {
      assert.match(f.id, /^sarif-[0-9a-f]{24}$/);
      assert.deepEqual([f.status, f.revision, f.commit, f.triage], ['open', '1', '1'.repeat(40), null]);
      assert.match(f.location.lineHash, /^[0-9a-f]+:\d+$/, 'the line hash the CLI added');
    }
  });

  it('keeps ids, decisions and history across analyses: unchanged and moved results are the same findings, the fixed one is fixed, new ones are new', async () => {
    await taken(feed, 'eslint', 1);
    await taken(feed, 'flawfinder', 1);
    const r1 = await sarifFindings(feed);
    const decide = async (place: string, body: unknown) => {
      const f = r1.get(place)!;
      const answer = await triage(feed, 'dana', f.id, body, { key: `decide-${place}`, ifMatch: f.revision });
      assert.equal(answer.status, 201, answer.text);
      return answer.body.decision.id as string;
    };
    const decisions = {
      unchanged: await decide('src/config.ts:15', ACK),
      moved: await decide(`${RECEIPTS}:14`, { action: 'dispute', reason: 'false_positive', comment: 'a constant path' }),
      movedNative: await decide(`${NATIVE}:13`, { action: 'acknowledge', reason: 'accepted_risk', comment: 'legacy' }),
      fixed: await decide(`${RECEIPTS}:27`, ACK),
    };
    assert.equal((await review(feed, 'lee', decisions.movedNative, { decision: 'approve' }, 'review-native')).status, 201);
    const before = await syncAll(feed, 'dana', 'p1');
    const decided = new Map(before.findings.map((f) => [f.id, f]));

    const eslint = await taken(feed, 'eslint', 2, { commit: '2'.repeat(40) });
    assert.deepEqual(eslint.counts, { ...COUNTS, new: 1, unchanged: 1, changed: 2, fixed: 1 });
    const flawfinder = await taken(feed, 'flawfinder', 2);
    assert.deepEqual(flawfinder.counts, { ...COUNTS, new: 3, changed: 3, fixed: 1 });
    const r2 = await sarifFindings(feed);

    const same = (place1: string, place2: string) => {
      const now = r2.get(place2);
      assert.equal(now?.id, r1.get(place1).id, `${place1} is ${place2}`);
      return now;
    };
    const unchanged = same('src/config.ts:15', 'src/config.ts:15');
    assert.deepEqual(unchanged, decided.get(unchanged.id), 'untouched: revision, commit, status and decision as they were');
    assert.equal(unchanged.triage.id, decisions.unchanged);

    const moved = same(`${RECEIPTS}:14`, `${RECEIPTS}:17`);
    assert.deepEqual([moved.status, moved.triage.id, moved.commit], ['disputed', decisions.moved, '2'.repeat(40)]);
    assert.equal(Number(moved.revision), Number(decided.get(moved.id).revision) + 1);
    same(`${RECEIPTS}:38`, `${RECEIPTS}:55`);
    const native = same(`${NATIVE}:13`, `${NATIVE}:21`);
    assert.deepEqual([native.status, native.triage.id, native.triage.review.decision], ['acknowledged', decisions.movedNative, 'approve']);
    same(`${NATIVE}:17`, `${NATIVE}:25`);
    same(`${NATIVE}:23`, `${NATIVE}:31`);

    const fixed = [`${RECEIPTS}:27`, `${NATIVE}:16`].map((place) => {
      const f = r2.get(place);
      assert.equal(f?.id, r1.get(place).id, `${place} keeps its place and id`);
      assert.equal(f.status, 'fixed', `${place} is fixed`);
      return f;
    });
    assert.equal(fixed[0].triage.id, decisions.fixed, 'a fixed finding keeps its history');

    const ids1 = new Set([...r1.values()].map((f) => f.id));
    const added = [`${RECEIPTS}:44`, `${NATIVE}:14`, `${NATIVE}:15`, `${NATIVE}:24`].map((place) => r2.get(place));
    for (const f of added) assert.deepEqual([ids1.has(f.id), f.status, f.revision, f.triage], [false, 'open', '1', null]);
    assert.equal(r2.size, 8 + 4, 'nothing else');

    const changes = await syncAll(feed, 'dana', 'p1', { since: before.syncToken });
    const expected = [moved, r2.get(`${RECEIPTS}:55`), native, r2.get(`${NATIVE}:25`), r2.get(`${NATIVE}:31`), ...fixed, ...added];
    assert.deepEqual(changes.findings.map((f) => f.id).sort(), expected.map((f) => f.id).sort(), 'exactly what changed, once each');
    assert.deepEqual(
      changes.findings.map((f) => f.revision),
      changes.findings.map((f) => r2.get(`${f.location.path}:${f.location.startLine}`).revision),
      'at their latest revision',
    );
  });

  it('reopens a fixed finding that comes back, with its history, and fixes what the older log lacks', async () => {
    await taken(feed, 'eslint', 1);
    const gone = (await sarifFindings(feed)).get(`${RECEIPTS}:27`);
    const decision = await triage(feed, 'dana', gone.id, ACK, { key: 'before-fix', ifMatch: '1' });
    await taken(feed, 'eslint', 2);
    const fixedAt = await syncAll(feed, 'dana', 'p1');
    assert.equal(fixedAt.findings.find((f) => f.id === gone.id).status, 'fixed');

    const again = await taken(feed, 'eslint', 1);
    assert.deepEqual(again.counts, { ...COUNTS, unchanged: 1, changed: 2, reopened: 1, fixed: 1 });
    const back = (await sarifFindings(feed)).get(`${RECEIPTS}:27`);
    assert.deepEqual([back.id, back.status, back.revision, back.triage.id], [gone.id, 'open', '4', decision.body.decision.id]);
    const changes = await syncAll(feed, 'dana', 'p1', { since: fixedAt.syncToken });
    assert.ok(
      changes.findings.some((f) => f.id === gone.id && f.status === 'open'),
      'the reopening is delivered by incremental sync',
    );
  });

  it('fixes a finding only once no ref reports it: a branch without it leaves it open on main', async () => {
    const both = logOf([resultAt('src/a.js', 1), resultAt('src/a.js', 2)]);
    const one = logOf([resultAt('src/a.js', 1)]);
    await uploadLog(feed, both, { ref: 'refs/heads/main' });
    const branch = await uploadLog(feed, one, { ref: 'refs/pull/7/merge' });
    assert.deepEqual(branch.body.counts, { ...COUNTS, unchanged: 1 });
    const onBranch = await uploadLog(feed, one, { ref: 'refs/pull/7/merge', key: 'pr-again' });
    assert.deepEqual(onBranch.body.counts, { ...COUNTS, unchanged: 1 });
    const main = await uploadLog(feed, both, { ref: 'refs/heads/main' });
    assert.deepEqual(main.body.counts, { ...COUNTS, unchanged: 2 });
    assert.ok((await sarifFindings(feed)).get('src/a.js:2').status === 'open');

    const prOfMain = await uploadLog(feed, both, { ref: 'refs/pull/8/merge' });
    assert.deepEqual(prOfMain.body.counts, { ...COUNTS, unchanged: 2 });
    const mainFixed = await uploadLog(feed, one, { ref: 'refs/heads/main' });
    assert.deepEqual(mainFixed.body.counts, { ...COUNTS, unchanged: 1 });
    assert.deepEqual(mainFixed.body.notes, [
      'Scanner (category scan): not fixed, though no longer reported on refs/heads/main: 1 finding that the latest analysis of another ref still reports.',
    ]);
    const prFixed = await uploadLog(feed, one, { ref: 'refs/pull/8/merge' });
    assert.deepEqual(prFixed.body.counts, { ...COUNTS, unchanged: 1, fixed: 1 });
    assert.equal((await sarifFindings(feed)).get('src/a.js:2').status, 'fixed');
  });

  it('never marks fixed what the newer log could not say: a result of its rule set aside, or a run that did not finish', async () => {
    const sql = (line: number) => resultAt('src/a.js', line);
    const hash = (line: number) => resultAt('src/a.js', line, { ruleId: 'js/weak-hash' });
    await uploadLog(feed, logOf([sql(1), sql(2), hash(3)]));

    const unplaced = await uploadLog(feed, logOf([sql(1), resultAt('../outside.js', 9)]));
    assert.equal(unplaced.status, 201, 'one bad result never refuses the log');
    assert.deepEqual(unplaced.body.counts, { ...COUNTS, unchanged: 1, fixed: 1, setAside: 1 });
    assert.deepEqual(unplaced.body.setAside, [
      {
        run: 0,
        index: 1,
        what: 'result',
        ruleId: 'js/sql-injection',
        reason: 'its location cannot be placed: "../outside.js" climbs out of the repository',
      },
    ]);
    assert.deepEqual(unplaced.body.notes, [
      'Scanner (category scan): not fixed, though not in this analysis: 1 finding of a rule with a result set aside (js/sql-injection), which may be one of them.',
    ]);
    let found = await sarifFindings(feed);
    assert.deepEqual(
      ['src/a.js:1', 'src/a.js:2', 'src/a.js:3'].map((p) => found.get(p).status),
      ['open', 'open', 'fixed'],
      'the weak hash had no result set aside: it is fixed; the injection at line 2 may be the unplaced result',
    );

    const unfinished = await uploadLog(feed, logOf([sql(1)], { invocations: [{ executionSuccessful: false }] }));
    assert.deepEqual(unfinished.body.counts, { ...COUNTS, unchanged: 1 });
    assert.match(unfinished.body.notes[0], /a run did not say everything it found .* so no finding was marked fixed/);
    const noResults = await uploadLog(feed, logOf([], { results: null }));
    assert.deepEqual(noResults.body.counts, COUNTS);
    found = await sarifFindings(feed);
    assert.equal(found.get('src/a.js:2').status, 'open');

    const finished = await uploadLog(feed, logOf([sql(1)]));
    assert.deepEqual(finished.body.counts, { ...COUNTS, unchanged: 1, fixed: 1 });
  });

  it("records the log's suppressions as the tool's decisions, once, in the finding's triage", async () => {
    const suppressed = (status?: string) =>
      logOf([
        resultAt('src/a.js', 1, {
          suppressions: [{ kind: 'inSource', justification: 'false positive: test data', ...(status ? { status } : {}) }],
        }),
        resultAt('src/a.js', 2, { suppressions: [{ kind: 'external', status: 'underReview', justification: 'mitigated by the WAF' }] }),
      ]);
    const first = await uploadLog(feed, suppressed());
    assert.deepEqual(first.body.counts, { ...COUNTS, new: 2 });
    let found = await sarifFindings(feed);
    const inForce = found.get('src/a.js:1');
    assert.equal(inForce.status, 'disputed');
    assert.deepEqual(
      { ...inForce.triage, id: 'dec', at: 'at', review: { ...inForce.triage.review, id: 'rev', at: 'at' } },
      {
        id: 'dec',
        findingId: inForce.id,
        action: 'dispute',
        reason: 'false_positive',
        comment: 'false positive: test data',
        actor: { id: 'tool:Scanner', name: 'Scanner' },
        at: 'at',
        review: {
          id: 'rev',
          decision: 'approve',
          comment: 'The suppression is in force in the log.',
          actor: { id: 'tool:Scanner', name: 'Scanner' },
          at: 'at',
        },
      },
    );
    const pending = found.get('src/a.js:2');
    assert.deepEqual([pending.status, pending.triage.reason, pending.triage.review], ['acknowledged', 'mitigated', null]);
    const lead = await as(feed, 'lee').get('/v1/projects/p1/triage?state=pending');
    assert.deepEqual(
      lead.body.decisions.map((d: any) => [d.findingId, d.actor.id]),
      [[pending.id, 'tool:Scanner']],
      'a suppression under review waits for a lead',
    );

    const again = await uploadLog(feed, suppressed());
    assert.deepEqual(again.body.counts, { ...COUNTS, unchanged: 2 }, 'the same suppressions are not recorded twice');
    const rejected = await uploadLog(feed, suppressed('rejected'), { commit: COMMITS[2] });
    assert.deepEqual(rejected.body.counts, { ...COUNTS, changed: 1, unchanged: 1 });
    found = await sarifFindings(feed);
    const now = found.get('src/a.js:1');
    assert.deepEqual([now.status, now.triage.review.decision], ['open', 'reject']);
    assert.equal(now.commit, COMMITS[1], 'only its decision changed: it still shows the lines of the commit it was seen at');
  });
});
