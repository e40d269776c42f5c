/**
 * The upload CLI against the reference feed's real endpoint: in-process on both sides, then both
 * bundles as processes (`node dist/feed.js` and `node dist/feed.js upload`), as CI would run them.
 */
import { strict as assert } from 'node:assert';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startFeed, type RunningFeed } from '../../../../src/feed/server';
import { buildFeedBundle, FEED_BUNDLE } from '../feedBundle';
import { admin } from '../helpers';
import { checkoutWithLog, runUploadIn, type Checkout, type Run } from './checkout';

describe('upload CLI against the reference feed', () => {
  let checkout: Checkout;
  let feed: RunningFeed;
  let withOutsider: string;

  before(async () => {
    checkout = checkoutWithLog();
    feed = await startFeed({ log: () => undefined });
    // ESLint's log with one more result, in a file outside the checkout: the feed sets it aside and says why.
    const log = JSON.parse(readFileSync(checkout.sarifFile, 'utf8'));
    const results = log.runs[0].results;
    results.push({
      ...results[2],
      locations: [{ physicalLocation: { artifactLocation: { uri: 'file:///elsewhere/x.ts' }, region: { startLine: 3 } } }],
    });
    withOutsider = join(checkout.scratch, 'with-outsider.sarif');
    writeFileSync(withOutsider, JSON.stringify(log));
  });
  after(async () => {
    await feed.close();
    checkout.dispose();
  });

  const flags = (project = 'acme-payments') => ['--url', feed.url, '--project', project, '--category', 'eslint'];
  const upload = (argv: string[], token: string | undefined = feed.tokens.ci) =>
    runUploadIn(checkout.root, argv, { FINDINGS_LENS_UPLOAD_TOKEN: token });

  it('takes the log and prints what the feed took, and what it set aside and why; the same log again changes nothing', async () => {
    const first = await upload([...flags(), withOutsider]);
    assert.equal(first.code, 0, first.err);
    const lines = first.out.split('\n');
    assert.match(
      lines.at(-4)!,
      new RegExp(
        `^The feed took analysis an_[0-9a-f-]{36} of ESLint \\(project acme-payments, category eslint, refs/heads/main at ${checkout.head.slice(0, 12)}\\):$`,
      ),
    );
    assert.deepEqual(lines.slice(-3), [
      '  4 new, 0 unchanged, 0 changed, 0 fixed, 0 reopened, 1 set aside.',
      'Set aside (each with its reason):',
      `  runs[0].results[4] (security/detect-child-process): its location cannot be placed: "file:///elsewhere/x.ts" is outside the checkout root ${new URL(`file://${checkout.root}/`).href}`,
    ]);
    const state = (await admin(feed).get('/__admin/state?project=acme-payments')).body;
    const taken = state.findings.filter((f: any) => f.id.startsWith('sarif-'));
    assert.deepEqual(
      taken.map((f: any) => [f.location.path, f.location.startLine, f.commit, /^[0-9a-f]+:\d+$/.test(f.location.lineHash)]),
      [
        ['src/config.ts', 15, checkout.head, true],
        ['src/routes/receipts.ts', 14, checkout.head, true],
        ['src/routes/receipts.ts', 27, checkout.head, true],
        ['src/routes/receipts.ts', 38, checkout.head, true],
      ],
    );
    assert.deepEqual(
      state.analyses.map((a: any) => [a.commit, a.ref, a.uploader]),
      [[checkout.head, 'refs/heads/main', 'ci']],
    );

    const again = await upload([...flags(), checkout.sarifFile]);
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, /\n {2}0 new, 4 unchanged, 0 changed, 0 fixed, 0 reopened, 0 set aside\.$/);
  });

  it("exits 1 with the feed's own refusal when the token may not upload, is not the feed's, or the project is not there", async () => {
    const refusals: Array<[string[], string | undefined, RegExp]> = [
      [
        flags(),
        feed.tokens.dana,
        /^upload refused: the feed answered 403: forbidden: only an upload token \(role uploader, for CI\) may upload analyses; dana is a developer\. Nothing was stored\. The token may not upload to this project/,
      ],
      [flags(), 'fl_not_a_token_of_this_feed', /^upload refused: the feed answered 401: unauthorized: .*set a valid upload token\.$/],
      [
        flags('nope'),
        undefined,
        /^upload refused: the feed answered 404: not_found: no project nope\. Nothing was stored\. Check --project/,
      ],
    ];
    const before = (await admin(feed).get('/__admin/state')).body.analyses.length;
    for (const [argv, token, expected] of refusals) {
      const run = await upload([...argv, checkout.sarifFile], token);
      assert.equal(run.code, 1, run.err);
      assert.match(run.err, expected);
    }
    assert.equal((await admin(feed).get('/__admin/state')).body.analyses.length, before);
  });
});

describe('upload CLI: both bundles as processes', function () {
  this.timeout(60_000);
  let checkout: Checkout;
  let feed: ChildProcess;
  let ready: { url: string; tokens: Record<string, string> };

  before(async () => {
    await buildFeedBundle();
    checkout = checkoutWithLog();
    feed = spawn(process.execPath, [FEED_BUNDLE, '--port', '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
    ready = JSON.parse(
      await new Promise<string>((resolve, reject) => {
        createInterface({ input: feed.stdout! }).once('line', resolve);
        feed.once('exit', (code) => reject(new Error(`the feed exited with ${code} before its ready line`)));
      }),
    );
  });
  after(() => {
    feed.kill();
    checkout.dispose();
  });

  const run = (env: Record<string, string>): Promise<Run> =>
    new Promise((resolve) => {
      const argv = [FEED_BUNDLE, 'upload', '--url', ready.url, '--project', 'acme-payments', '--category', 'eslint', checkout.sarifFile];
      execFile(process.execPath, argv, { cwd: checkout.root, env: { PATH: process.env.PATH ?? '', ...env } }, (err, out, errText) =>
        resolve({ code: err ? Number(err.code) : 0, out, err: errText }),
      );
    });

  it('is what `node dist/feed.js upload` runs, with its exit codes: 0 taken, 1 refused, 2 nothing sent', async () => {
    const taken = await run({ FINDINGS_LENS_UPLOAD_TOKEN: ready.tokens.ci! });
    assert.equal(taken.code, 0, taken.err);
    assert.match(taken.out, /\n {2}4 new, 0 unchanged, 0 changed, 0 fixed, 0 reopened, 0 set aside\.\n$/);
    const refused = await run({ FINDINGS_LENS_UPLOAD_TOKEN: ready.tokens.lee! });
    assert.equal(refused.code, 1);
    assert.match(refused.err, /the feed answered 403: forbidden: only an upload token/);
    const unsent = await run({});
    assert.equal(unsent.code, 2);
    assert.match(unsent.err, /^upload: set FINDINGS_LENS_UPLOAD_TOKEN/);
  });
});
