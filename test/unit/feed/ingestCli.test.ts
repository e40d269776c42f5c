/**
 * `node dist/feed.js --ingest results.sarif --root <checkout>`: one log looked at locally, in one
 * command, on the embedded SQLite.
 */
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFeedArgs } from '../../../src/feed/cliArgs';
import type { RunningFeed } from '../../../src/feed/server';
import { firstLine, lineMatching } from './childLines';
import { buildFeedBundle, FEED_BUNDLE } from './feedBundle';
import { syncAll } from './helpers';
import { demoWorkspaceAt, SARIF_FIXTURES, type WorkspaceCopy } from './sarif/demoRevisions';

describe('feed: --ingest, one SARIF log looked at locally', function () {
  this.timeout(30_000);
  let child: ChildProcess | undefined;
  let workspaces: WorkspaceCopy[] = [];
  let dir: string;

  before(buildFeedBundle);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'feed-ingest-'));
  });
  afterEach(() => {
    if (child && child.exitCode === null) child.kill();
    for (const w of workspaces) w.dispose();
    workspaces = [];
    rmSync(dir, { recursive: true, force: true });
  });

  /** Starts `node dist/feed.js --ingest <fixture> --root <the demo workspace at its revision>`; resolves once it has said what it took. */
  async function ingest(fixture: string, revision: 1 | 2, extra: string[] = []): Promise<{ feed: RunningFeed; said: string[] }> {
    const workspace = demoWorkspaceAt(revision);
    workspaces.push(workspace);
    const argv = [FEED_BUNDLE, '--port', '0', '--ingest', join(SARIF_FIXTURES, fixture), '--root', workspace.root, ...extra];
    child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    const said: string[] = [];
    child.stderr!.on('data', (chunk: Buffer) => said.push(...chunk.toString().split('\n').filter(Boolean)));
    const done = lineMatching(child, 'stderr', /^Open it in Findings Lens/, 20_000);
    const ready = JSON.parse(await firstLine(child, 20_000)) as RunningFeed;
    await done;
    return { feed: ready, said };
  }

  it('takes --ingest and --root, and refuses --root alone', () => {
    assert.deepEqual(parseFeedArgs(['--ingest', 'r.sarif', '--root=repo', '--port', '0']), {
      ingest: { file: 'r.sarif', root: 'repo' },
      port: 0,
    });
    assert.deepEqual(parseFeedArgs(['--ingest', 'r.sarif']), { ingest: { file: 'r.sarif' } });
    assert.throws(() => parseFeedArgs(['--root', 'repo']), /--root goes with --ingest/);
  });

  it('starts the feed with the log in a project of its own, and says what it took and how to open it', async () => {
    const { feed, said } = await ingest('flawfinder-r1.sarif', 1);
    assert.ok(feed.projects.includes('local'));
    assert.deepEqual(said.slice(-4), [
      'Added from ' + workspaces[0]!.root + ': 4 line hashes, 4 snippets.',
      said.at(-3)!,
      '  4 new, 0 unchanged, 0 changed, 0 fixed, 0 reopened, 0 set aside.',
      `Open it in Findings Lens: feed URL ${feed.url}, project local, a developer's token from the line above.`,
    ]);
    assert.match(said.at(-3)!, /^The feed took analysis an_\S+ of Flawfinder \(project local, category local, local\):$/);
    const { findings } = await syncAll(feed, 'dana', 'local');
    assert.deepEqual(
      findings.map((f) => [f.location.path, f.location.startLine, /^[0-9a-f]+:\d+$/.test(f.location.lineHash), f.status]),
      [13, 16, 17, 23].map((line) => ['native/receipt_line.c', line, true, 'open']),
    );
  });

  it('takes a newer log into the same project on the same database as a newer analysis', async () => {
    const db = join(dir, 'local.db');
    await ingest('flawfinder-r1.sarif', 1, ['--db', db]);
    child!.kill();
    await new Promise((resolve) => child!.once('close', resolve));
    const { said } = await ingest('flawfinder-r2.sarif', 2, ['--db', db]);
    assert.ok(said.includes('  3 new, 0 unchanged, 3 changed, 1 fixed, 0 reopened, 0 set aside.'), said.join('\n'));
  });

  it('does not start when the log cannot be read, and says why', async () => {
    child = spawn(process.execPath, [FEED_BUNDLE, '--port', '0', '--ingest', join(SARIF_FIXTURES, 'revision-2.patch')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await assert.rejects(
      firstLine(child, 15_000),
      /exited with 2[\s\S]*could not start: could not ingest .*revision-2\.patch: the log is not JSON: .*Nothing of it was stored\./,
    );
  });
});
