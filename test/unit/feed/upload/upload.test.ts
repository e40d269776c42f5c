import { strict as assert } from 'node:assert';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { feedBase } from '../../../../src/feed/upload/endpoint';
import { runUpload, type UploadIo } from '../../../../src/feed/upload/upload';
import { parseUploadArgs } from '../../../../src/feed/upload/uploadArgs';
import { lineHashes } from '../../../../src/shared/lineHash';
import { buildFeedBundle, FEED_BUNDLE } from '../feedBundle';
import { demoWorkspaceAt, FIXTURE_CHECKOUT_URI, SARIF_FIXTURES, type WorkspaceCopy } from '../sarif/demoRevisions';
import { startStubFeed, type ReceivedRequest, type StubFeed } from './stubFeed';

const TOKEN = 'fl_ci_9f8e7d6c5b4a3210';

interface Run {
  code: number;
  out: string;
  err: string;
}

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

  describe('against a feed', () => {
    let workspace: WorkspaceCopy;
    let scratch: string;
    let sarifFile: string;
    let head: string;
    let feed: StubFeed;
    let answer: (request: ReceivedRequest) => { status: number; body?: unknown; headers?: Record<string, string> };

    const receipt = () => ({
      analysis: { id: 'an-7', project: 'acme-payments', category: 'eslint', commit: head, ref: 'refs/heads/main', tools: ['ESLint'] },
      counts: { new: 3, unchanged: 0, changed: 0, fixed: 0, reopened: 0, setAside: 1 },
      setAside: [
        {
          run: 0,
          index: 3,
          what: 'result',
          ruleId: 'security/detect-child-process',
          reason: 'its location cannot be placed: "../x.ts" climbs out of the repository',
        },
      ],
      notes: [],
    });

    async function upload(argv: string[], env: Record<string, string | undefined> = { FINDINGS_LENS_UPLOAD_TOKEN: TOKEN }): Promise<Run> {
      const out: string[] = [];
      const err: string[] = [];
      const io: UploadIo = { out: (l) => out.push(l), err: (l) => err.push(l), cwd: workspace.root, env };
      const code = await runUpload(argv, io);
      return { code, out: out.join('\n'), err: err.join('\n') };
    }

    const flags = (): string[] => ['--url', feed.url, '--project', 'acme-payments', '--category', 'eslint'];

    before(async () => {
      workspace = demoWorkspaceAt(1);
      const git = (...args: string[]) =>
        execFileSync('git', ['-c', 'user.name=CI', '-c', 'user.email=ci@example.com', ...args], {
          cwd: workspace.root,
          encoding: 'utf8',
        }).trim();
      git('-c', 'init.defaultBranch=main', 'init', '-q');
      git('add', '.');
      git('commit', '-q', '-m', 'revision 1');
      head = git('rev-parse', 'HEAD');
      scratch = mkdtempSync(join(tmpdir(), 'findings-lens-upload-'));
      sarifFile = join(scratch, 'eslint.sarif');
      // The log as ESLint writes it in this checkout: its absolute file URIs name the checkout's folder.
      const text = readFileSync(join(SARIF_FIXTURES, 'eslint-r1.sarif'), 'utf8')
        .split(FIXTURE_CHECKOUT_URI)
        .join(`${pathToFileURL(workspace.root).href}/`);
      writeFileSync(sarifFile, text);
      feed = await startStubFeed((request) => answer(request));
    });

    beforeEach(() => {
      feed.received.length = 0;
      answer = () => ({ status: 201, body: receipt() });
    });

    after(async () => {
      await feed.close();
      workspace.dispose();
      rmSync(scratch, { recursive: true, force: true });
    });

    it("posts the gzipped log to the project's analyses with git's commit and branch, the token only in the Authorization header", async () => {
      const run = await upload([...flags(), sarifFile]);
      assert.equal(run.code, 0, run.err);
      assert.equal(feed.received.length, 1);
      const [request] = feed.received as [ReceivedRequest];
      const url = new URL(request.url, feed.url);
      assert.equal(request.method, 'POST');
      assert.equal(url.pathname, '/v1/projects/acme-payments/analyses');
      assert.deepEqual(Object.fromEntries(url.searchParams), {
        category: 'eslint',
        commit: head,
        ref: 'refs/heads/main',
        checkoutUri: `${pathToFileURL(workspace.root).href}/`,
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
      const original = JSON.parse(readFileSync(sarifFile, 'utf8')) as typeof sent;
      assert.deepEqual(
        sent.runs[0]!.results.map((r) => r.ruleId),
        original.runs[0]!.results.map((r) => r.ruleId),
        'the same results',
      );
      const fileHashes = (path: string) => lineHashes(readFileSync(join(workspace.root, path), 'utf8'));
      const expected = ['src/config.ts', 'src/routes/receipts.ts', 'src/routes/receipts.ts', 'src/routes/receipts.ts'].map(
        (path, i) => fileHashes(path)[sent.runs[0]!.results[i]!.locations[0]!.physicalLocation.region.startLine - 1],
      );
      assert.deepEqual(
        sent.runs[0]!.results.map((r) => r.partialFingerprints?.primaryLocationLineHash),
        expected,
        "GitHub's line hash of each result's line, from the checkout",
      );
    });

    it("prints the feed's answer readably: what was new, unchanged, changed, fixed, and what was set aside and why", async () => {
      const run = await upload([...flags(), sarifFile]);
      assert.equal(run.code, 0);
      assert.match(run.out, /^Added from .*acme-payments: 4 line hashes, 4 snippets\.$/m);
      assert.match(
        run.out,
        /^Uploading .*eslint\.sarif \(\d[\d,]* bytes gzipped\) to http:\/\/127\.0\.0\.1:\d+ for project acme-payments, category eslint, refs\/heads\/main at [0-9a-f]{12}…$/m,
      );
      assert.ok(
        run.out.endsWith(
          [
            `The feed took analysis an-7 of ESLint (project acme-payments, category eslint, refs/heads/main at ${head.slice(0, 12)}):`,
            '  3 new, 0 unchanged, 0 changed, 0 fixed, 0 reopened, 1 set aside.',
            'Set aside (each with its reason):',
            '  runs[0].results[3] (security/detect-child-process): its location cannot be placed: "../x.ts" climbs out of the repository',
          ].join('\n'),
        ),
        run.out,
      );
    });

    it('takes --commit and --ref over git, and warns when the commit is not the checkout', async () => {
      const other = 'a'.repeat(40);
      const run = await upload([...flags(), '--commit', other, '--ref', 'refs/pull/12/merge', sarifFile]);
      assert.equal(run.code, 0);
      const query = new URL(feed.received[0]!.url, feed.url).searchParams;
      assert.deepEqual([query.get('commit'), query.get('ref')], [other, 'refs/pull/12/merge']);
      assert.match(run.err, new RegExp(`^warning: --commit ${other} is not the checkout's HEAD \\(${head}\\)`));
    });

    it('says what the feed refused, that nothing was stored and what to do, and exits 1', async () => {
      answer = () => ({ status: 401, body: { error: { code: 'unauthorized', message: 'unknown token' } } });
      const run = await upload([...flags(), sarifFile]);
      assert.equal(run.code, 1);
      assert.equal(
        run.err,
        'upload refused: the feed answered 401: unauthorized: unknown token. Nothing was stored. The feed does not accept the token in FINDINGS_LENS_UPLOAD_TOKEN: set a valid upload token.',
      );
      answer = () => ({ status: 413, body: { error: { code: 'body_too_large', message: 'the log is larger than 10 MB' } } });
      assert.match(
        (await upload([...flags(), sarifFile])).err,
        /413: body_too_large: .*Nothing was stored\. The log is larger than the feed takes: split it/,
      );
    });

    it('does not follow a redirect: the token never goes to another origin', async () => {
      const elsewhere = await startStubFeed(() => ({ status: 201, body: receipt() }));
      try {
        answer = () => ({ status: 307, headers: { Location: `${elsewhere.url}/v1/projects/acme-payments/analyses` } });
        const run = await upload([...flags(), sarifFile]);
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

    it('is what dist/feed.js runs for `upload`, with its exit code', async function () {
      this.timeout(30000);
      await buildFeedBundle();
      const exit = (env: Record<string, string>) =>
        new Promise<Run>((resolve) => {
          execFile(
            process.execPath,
            [FEED_BUNDLE, 'upload', ...flags(), sarifFile],
            { cwd: workspace.root, env: { PATH: process.env.PATH ?? '', ...env } },
            (err, out, errText) => {
              resolve({ code: err ? Number(err.code) : 0, out, err: errText });
            },
          );
        });
      const taken = await exit({ FINDINGS_LENS_UPLOAD_TOKEN: TOKEN });
      assert.equal(taken.code, 0, taken.err);
      assert.match(taken.out, /3 new, 0 unchanged, 0 changed, 0 fixed, 0 reopened, 1 set aside\.\n/);
      assert.equal(feed.received.length, 1);
      const refused = await exit({});
      assert.equal(refused.code, 2);
      assert.match(refused.err, /^upload: set FINDINGS_LENS_UPLOAD_TOKEN/);
    });

    it('sends nothing, and exits 2 with a clear message, when the token, the URL, the log or git is wrong', async () => {
      const cases: Array<[string[], Record<string, string | undefined> | undefined, RegExp]> = [
        [
          [...flags(), sarifFile],
          {},
          /^upload: set FINDINGS_LENS_UPLOAD_TOKEN to a feed token whose role allows uploads \(a CI token\)\. Nothing was sent\.$/,
        ],
        [[...flags(), sarifFile], { FINDINGS_LENS_UPLOAD_TOKEN: 'two words' }, /holds spaces or control characters/],
        [['--url', 'http://feed.example.com', '--project', 'p', '--category', 'c', sarifFile], undefined, /--url must be https/],
        [[...flags(), join(scratch, 'none.sarif')], undefined, /cannot read .*none\.sarif: no such file\. Nothing was sent\.$/],
        [[...flags(), join(SARIF_FIXTURES, 'revision-2.patch')], undefined, /^upload: the log is not JSON: .*\. Nothing was sent\.$/],
        [
          [...flags(), join(SARIF_FIXTURES, 'sarif-schema-2.1.0.json')],
          undefined,
          /is not a SARIF 2\.1\.0 log: version: .*Nothing was sent\.$/,
        ],
        [
          [...flags(), '--root', scratch, sarifFile],
          undefined,
          /is not a git checkout \(or git is missing\): give --commit\. Nothing was sent\.$/,
        ],
        [
          [...flags(), '--root', scratch, '--commit', 'abc1234', '--ref', 'refs/heads/main', sarifFile],
          undefined,
          /^upload: commit: commit must be a full git commit id \(40 or 64 hex digits\)\. Nothing was sent\.$/,
        ],
        [[...flags(), '--root', join(scratch, 'nowhere'), sarifFile], undefined, /--root .*nowhere is not a folder/],
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
