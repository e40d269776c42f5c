import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { feedBase } from '../../../../src/feed/upload/endpoint';
import { parseUploadArgs } from '../../../../src/feed/upload/uploadArgs';
import { lineHashes } from '../../../../src/shared/lineHash';
import { SARIF_FIXTURES } from '../sarif/demoRevisions';
import { checkoutWithLog, runUploadIn, type Checkout } from './checkout';
import { startStubFeed, type ReceivedRequest, type StubFeed } from './stubFeed';

const TOKEN = 'fl_ci_9f8e7d6c5b4a3210';

describe('upload CLI: node dist/feed.js upload', () => {
  describe('its command line', () => {
    it('takes its flags in both forms and one file; never a token', () => {
      assert.deepEqual(
        parseUploadArgs([
          '--url',
          'https://feed.example.com',
          '--project=acme',
          '--category',
          'eslint',
          '--commit',
          'abc',
          '--ref=refs/heads/main',
          '--root',
          'repo',
          'r.sarif',
        ]),
        {
          url: 'https://feed.example.com',
          project: 'acme',
          category: 'eslint',
          commit: 'abc',
          ref: 'refs/heads/main',
          root: 'repo',
          timeoutSeconds: 300,
          file: 'r.sarif',
        },
      );
      assert.throws(
        () => parseUploadArgs(['--token', 'x', 'r.sarif']),
        /the token is never a flag: set FINDINGS_LENS_UPLOAD_TOKEN\nusage:/,
      );
      assert.throws(() => parseUploadArgs(['--url', 'https://f', '--project', 'p', 'r.sarif']), /--category is required/);
      assert.throws(() => parseUploadArgs(['--url', 'https://f', '--project', 'p', '--category', 'c']), /name the SARIF file to upload/);
      assert.throws(() => parseUploadArgs(['--verbose']), /unknown argument --verbose/);
      assert.throws(() => parseUploadArgs(['--url', '--project', 'p']), /--url needs a value/);
    });

    it('sends the token over https only (plain http on this machine alone), to a URL without credentials', () => {
      assert.equal(feedBase('https://feed.example.com/base').href, 'https://feed.example.com/base');
      assert.equal(feedBase('http://127.0.0.1:8787').href, 'http://127.0.0.1:8787/');
      assert.equal(feedBase('http://[::1]:8787').href, 'http://[::1]:8787/');
      assert.throws(() => feedBase('http://feed.example.com'), /--url must be https/);
      assert.throws(() => feedBase('http://127.0.0.1.example.com'), /--url must be https/);
      assert.throws(() => feedBase('https://ci:secret@feed.example.com'), /must not hold a user name or password/);
      assert.throws(() => feedBase('ftp://feed.example.com'), /--url must be https/);
    });
  });

  // What only a stand-in can show: the raw request, redirects, answers a real feed would need a 256 MiB log to give, and
  // that nothing is sent on a local problem. The CLI against the real endpoint: uploadToFeed.test.ts.
  describe('against a stand-in for the feed', () => {
    let checkout: Checkout;
    let feed: StubFeed;
    let answer: (request: ReceivedRequest) => { status: number; body?: unknown; headers?: Record<string, string> };

    const receipt = () => ({
      analysis: {
        id: 'an-7',
        project: 'acme-payments',
        category: 'eslint',
        commit: checkout.head,
        ref: 'refs/heads/main',
        tools: ['ESLint'],
      },
      counts: { new: 3, unchanged: 0, changed: 0, fixed: 0, reopened: 0, setAside: 1 },
      setAside: [],
      notes: [],
    });

    const upload = (argv: string[], env: Record<string, string | undefined> = { FINDINGS_LENS_UPLOAD_TOKEN: TOKEN }) =>
      runUploadIn(checkout.root, argv, env);

    const flags = (): string[] => ['--url', feed.url, '--project', 'acme-payments', '--category', 'eslint'];

    before(async () => {
      checkout = checkoutWithLog();
      feed = await startStubFeed((request) => answer(request));
    });

    beforeEach(() => {
      feed.received.length = 0;
      answer = () => ({ status: 201, body: receipt() });
    });

    after(async () => {
      await feed.close();
      checkout.dispose();
    });

    it("posts the gzipped log to the project's analyses with git's commit and branch, the token only in the Authorization header", async () => {
      const run = await upload([...flags(), checkout.sarifFile]);
      assert.equal(run.code, 0, run.err);
      assert.equal(feed.received.length, 1);
      const [request] = feed.received as [ReceivedRequest];
      const url = new URL(request.url, feed.url);
      assert.equal(request.method, 'POST');
      assert.equal(url.pathname, '/v1/projects/acme-payments/analyses');
      assert.deepEqual(Object.fromEntries(url.searchParams), {
        category: 'eslint',
        commit: checkout.head,
        ref: 'refs/heads/main',
        checkoutUri: `${pathToFileURL(checkout.root).href}/`,
      });
      assert.equal(request.headers.authorization, `Bearer ${TOKEN}`);
      assert.equal(request.headers['content-encoding'], 'gzip');
      assert.equal(request.headers['content-type'], 'application/sarif+json');
      assert.match(String(request.headers['idempotency-key']), /^[0-9a-f-]{36}$/);
      const { authorization: _authorization, ...otherHeaders } = request.headers;
      const body = gunzipSync(request.body).toString('utf8');
      for (const [where, text] of [
        ['the URL', request.url],
        ['another header', JSON.stringify(otherHeaders)],
        ['the body', body],
        ['the output', run.out + run.err],
      ]) {
        assert.ok(!text!.includes(TOKEN), `the token is not in ${where}`);
      }
      const sent = JSON.parse(body) as {
        runs: Array<{
          results: Array<{
            ruleId: string;
            partialFingerprints?: Record<string, string>;
            locations: Array<{ physicalLocation: { region: { startLine: number } } }>;
          }>;
        }>;
      };
      const original = JSON.parse(readFileSync(checkout.sarifFile, 'utf8')) as typeof sent;
      assert.deepEqual(
        sent.runs[0]!.results.map((r) => r.ruleId),
        original.runs[0]!.results.map((r) => r.ruleId),
        'the same results',
      );
      const fileHashes = (path: string) => lineHashes(readFileSync(join(checkout.root, path), 'utf8'));
      const expected = ['src/config.ts', 'src/routes/receipts.ts', 'src/routes/receipts.ts', 'src/routes/receipts.ts'].map(
        (path, i) => fileHashes(path)[sent.runs[0]!.results[i]!.locations[0]!.physicalLocation.region.startLine - 1],
      );
      assert.deepEqual(
        sent.runs[0]!.results.map((r) => r.partialFingerprints?.primaryLocationLineHash),
        expected,
        "GitHub's line hash of each result's line, from the checkout",
      );
    });

    it('takes --commit and --ref over git, and warns when the commit is not the checkout', async () => {
      const other = 'a'.repeat(40);
      const run = await upload([...flags(), '--commit', other, '--ref', 'refs/pull/12/merge', checkout.sarifFile]);
      assert.equal(run.code, 0);
      const query = new URL(feed.received[0]!.url, feed.url).searchParams;
      assert.deepEqual([query.get('commit'), query.get('ref')], [other, 'refs/pull/12/merge']);
      assert.match(run.err, new RegExp(`^warning: --commit ${other} is not the checkout's HEAD \\(${checkout.head}\\)`));
    });

    it('says that a log larger than the feed takes was refused, that nothing was stored and what to do, and exits 1', async () => {
      answer = () => ({ status: 413, body: { error: { code: 'body_too_large', message: 'the log is larger than 10 MB' } } });
      const run = await upload([...flags(), checkout.sarifFile]);
      assert.equal(run.code, 1);
      assert.match(run.err, /413: body_too_large: .*Nothing was stored\. The log is larger than the feed takes: split it/);
    });

    it('does not follow a redirect: the token never goes to another origin', async () => {
      const elsewhere = await startStubFeed(() => ({ status: 201, body: receipt() }));
      try {
        answer = () => ({ status: 307, headers: { Location: `${elsewhere.url}/v1/projects/acme-payments/analyses` } });
        const run = await upload([...flags(), checkout.sarifFile]);
        assert.equal(run.code, 1);
        assert.match(
          run.err,
          /^upload refused: the feed answered 307 with a redirect to http:\/\/127\.0\.0\.1:\d+\/v1\/projects\/acme-payments\/analyses, which is not followed/,
        );
        assert.equal(elsewhere.received.length, 0);
      } finally {
        await elsewhere.close();
      }
    });

    it('sends nothing, and exits 2 with a clear message, when the token, the URL, the log or git is wrong', async () => {
      const cases: Array<[string[], Record<string, string | undefined> | undefined, RegExp]> = [
        [
          [...flags(), checkout.sarifFile],
          {},
          /^upload: set FINDINGS_LENS_UPLOAD_TOKEN to a feed token whose role allows uploads \(a CI token\)\. Nothing was sent\.$/,
        ],
        [[...flags(), checkout.sarifFile], { FINDINGS_LENS_UPLOAD_TOKEN: 'two words' }, /holds spaces or control characters/],
        [['--url', 'http://feed.example.com', '--project', 'p', '--category', 'c', checkout.sarifFile], undefined, /--url must be https/],
        [[...flags(), join(checkout.scratch, 'none.sarif')], undefined, /cannot read .*none\.sarif: no such file\. Nothing was sent\.$/],
        [[...flags(), join(SARIF_FIXTURES, 'revision-2.patch')], undefined, /^upload: the log is not JSON: .*\. Nothing was sent\.$/],
        [
          [...flags(), join(SARIF_FIXTURES, 'sarif-schema-2.1.0.json')],
          undefined,
          /is not a SARIF 2\.1\.0 log: version: .*Nothing was sent\.$/,
        ],
        [
          [...flags(), '--root', checkout.scratch, checkout.sarifFile],
          undefined,
          /is not a git checkout \(or git is missing\): give --commit\. Nothing was sent\.$/,
        ],
        [
          [...flags(), '--root', checkout.scratch, '--commit', 'abc1234', '--ref', 'refs/heads/main', checkout.sarifFile],
          undefined,
          /^upload: commit: commit must be a full git commit id \(40 or 64 hex digits\)\. Nothing was sent\.$/,
        ],
        [[...flags(), '--root', join(checkout.scratch, 'nowhere'), checkout.sarifFile], undefined, /--root .*nowhere is not a folder/],
      ];
      for (const [argv, env, expected] of cases) {
        const run = await upload(argv, env);
        assert.equal(run.code, 2, `${argv.join(' ')}: ${run.err}`);
        assert.match(run.err, expected);
      }
      assert.equal(feed.received.length, 0);
    });
  });
});
