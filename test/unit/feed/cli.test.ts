import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import * as esbuild from 'esbuild';
import { parseFeedArgs } from '../../../src/feed/cliArgs';

const root = resolve(__dirname, '../../..');

/** Waits for the first stdout line of a child, failing loudly if it exits or takes too long. */
function firstLine(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => reject(new Error(`no ready line within ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      resolvePromise(line);
    });
    // 'close' rather than 'exit': it comes after stderr is fully read, so the message is complete.
    child.once('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`feed exited with ${code} before its ready line; stderr: ${stderr}`));
    });
  });
}

describe('feed: command line', () => {
  it('parses every flag, in both --flag value and --flag=value forms', () => {
    assert.deepEqual(
      parseFeedArgs([
        '--port',
        '0',
        '--host=127.0.0.1',
        '--db',
        'x.db',
        '--seed',
        's.json',
        '--latency',
        '20',
        '--failure-rate',
        '0.25',
        '--force-status=503',
        '--page-size',
        '50',
      ]),
      { port: 0, host: '127.0.0.1', dbPath: 'x.db', seed: 's.json', latencyMs: 20, failureRate: 0.25, forceStatus: 503, pageSize: 50 },
    );
  });

  it('refuses unknown flags and bad values with the usage', () => {
    assert.throws(() => parseFeedArgs(['--verbose']), /unknown argument --verbose[\s\S]*usage/);
    assert.throws(() => parseFeedArgs(['--failure-rate', '2']), /--failure-rate/);
    assert.throws(() => parseFeedArgs(['--port']), /--port/);
    assert.throws(() => parseFeedArgs(['--db', '--port']), /--db needs a value/);
  });

  describe('dist/feed.js', function () {
    this.timeout(30000);
    let child: ChildProcess | undefined;

    before(async () => {
      // The same bundle as `node esbuild.mjs` makes for the feed, built alone so that work in
      // progress elsewhere in the tree cannot break this test.
      await esbuild.build({
        entryPoints: [resolve(root, 'src/feed/main.ts')],
        outfile: resolve(root, 'dist/feed.js'),
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        sourcemap: 'linked',
        external: ['better-sqlite3'],
        logLevel: 'warning',
      });
    });

    afterEach(() => {
      if (child && child.exitCode === null) child.kill();
    });

    it('prints one ready line with url, tokens, leads, admin token and projects, then answers /v1/me', async () => {
      child = spawn(process.execPath, [resolve(root, 'dist/feed.js'), '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      const ready = JSON.parse(await firstLine(child, 15000)) as {
        url: string;
        tokens: Record<string, string>;
        leads: string[];
        adminToken: string;
        projects: string[];
      };
      assert.match(ready.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.deepEqual(Object.keys(ready.tokens).sort(), ['dana', 'devon', 'lee']);
      assert.deepEqual(ready.leads, ['lee']);
      assert.deepEqual(ready.projects, ['acme-payments']);
      assert.equal(typeof ready.adminToken, 'string');

      const me = await fetch(`${ready.url}/v1/me`, {
        headers: { Authorization: `Bearer ${ready.tokens.devon}` },
        signal: AbortSignal.timeout(5000),
      });
      assert.equal(me.status, 200);
      assert.deepEqual(await me.json(), { user: { id: 'devon', name: 'Devon Developer' }, role: 'developer', projects: ['acme-payments'] });

      const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    });

    it('starts with the faults of its flags', async () => {
      child = spawn(process.execPath, [resolve(root, 'dist/feed.js'), '--port', '0', '--force-status', '503'], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const ready = JSON.parse(await firstLine(child, 15000)) as { url: string; tokens: Record<string, string> };
      const me = await fetch(`${ready.url}/v1/me`, {
        headers: { Authorization: `Bearer ${ready.tokens.dana}` },
        signal: AbortSignal.timeout(5000),
      });
      assert.equal(me.status, 503);
    });

    it('exits with a message when the seed is missing', async () => {
      child = spawn(process.execPath, [resolve(root, 'dist/feed.js'), '--port', '0', '--seed', 'no/such/seed.json'], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      await assert.rejects(firstLine(child, 15000), /exited with 2[\s\S]*could not start/);
    });
  });
});
