import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseFeedArgs } from '../../../src/feed/cliArgs';
import { POSTGRES } from './backends';
import { firstLine } from './childLines';
import { openStream } from './eventStream';
import { buildFeedBundle } from './feedBundle';
import { query } from './postgresCluster';

const root = resolve(__dirname, '../../..');

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
      { port: 0, host: '127.0.0.1', db: 'x.db', seed: 's.json', latencyMs: 20, failureRate: 0.25, forceStatus: 503, pageSize: 50 },
    );
  });

  it('parses the limits of a deployment, and refuses a heartbeat outside its bounds', () => {
    assert.deepEqual(
      parseFeedArgs([
        '--no-seed',
        '--instance=a',
        '--max-body-kb',
        '32',
        '--rate-limit',
        '10',
        '--max-streams',
        '100',
        '--max-streams-per-token',
        '2',
        '--max-replay',
        '50',
        '--heartbeat',
        '20',
        '--drain',
        '5',
      ]),
      {
        seed: false,
        instance: 'a',
        limits: {
          maxBodyBytes: 32 * 1024,
          rateLimit: { perSecond: 10, burst: 40 },
          maxStreams: 100,
          maxStreamsPerToken: 2,
          maxReplayEvents: 50,
          heartbeatMs: 20_000,
          drainMs: 5000,
        },
      },
    );
    assert.deepEqual(parseFeedArgs(['--rate-limit', '0']), { limits: { rateLimit: undefined } });
    assert.deepEqual(parseFeedArgs(['--rate-burst', '7']), { limits: { rateLimit: { perSecond: 50, burst: 7 } } });
    assert.throws(() => parseFeedArgs(['--heartbeat', '0.5']), /--heartbeat needs a number from 1 to 60/);
    assert.throws(() => parseFeedArgs(['--heartbeat', '61']), /--heartbeat/);
  });

  it('refuses unknown flags and bad values with the usage', () => {
    assert.throws(() => parseFeedArgs(['--verbose']), /unknown argument --verbose[\s\S]*usage/);
    assert.throws(() => parseFeedArgs(['--failure-rate', '2']), /--failure-rate/);
    assert.throws(() => parseFeedArgs(['--port']), /--port/);
    assert.throws(() => parseFeedArgs(['--db', '--port']), /--db needs a value/);
    assert.deepEqual(parseFeedArgs(['--db', 'postgres://feed@db.example/feed']), { db: 'postgres://feed@db.example/feed' });
  });

  describe('dist/feed.js', function () {
    this.timeout(30000);
    let child: ChildProcess | undefined;

    before(buildFeedBundle);

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
      assert.deepEqual(Object.keys(ready.tokens).sort(), ['ci', 'dana', 'devon', 'lee']);
      assert.deepEqual(ready.leads, ['lee']);
      assert.deepEqual(ready.projects, ['acme-payments']);
      assert.equal(typeof ready.adminToken, 'string');

      const me = await fetch(`${ready.url}/v1/me`, {
        headers: { Authorization: `Bearer ${ready.tokens.devon}` },
        signal: AbortSignal.timeout(5000),
      });
      assert.equal(me.status, 200);
      assert.deepEqual(await me.json(), { user: { id: 'devon', name: 'Devon Developer' }, role: 'developer', projects: ['acme-payments'] });

      const stream = await openStream(ready.url, ready.tokens.devon!, 'acme-payments');
      await stream.next('ready');
      const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
      child.kill('SIGTERM');
      assert.equal((await stream.next('shutdown')).json.reason, 'shutting_down', 'SIGTERM ends the event streams with a last event');
      assert.equal(await exited, 0);
    });

    it('manages accounts with `admin`: a token it prints once opens a feed started on that database without a seed', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'feed-admin-cli-'));
      try {
        const db = join(dir, 'feed.db');
        const admin = (...args: string[]) =>
          spawnSync(process.execPath, [resolve(root, 'dist/feed.js'), 'admin', '--db', db, ...args], { encoding: 'utf8' });
        for (const args of [
          ['org', 'create', 'acme'],
          ['user', 'create', 'ana', '--org', 'acme', '--role', 'lead'],
          ['project', 'create', 'web', '--org', 'acme', '--members', 'ana'],
        ]) {
          const done = admin(...args);
          assert.equal(done.status, 0, done.stderr);
        }
        const issued = admin('token', 'issue', 'ana', '--expires-in', '1d');
        assert.equal(issued.status, 0, issued.stderr);
        const token = issued.stdout.trim();
        assert.match(token, /^fl_[A-Za-z0-9_-]{43}$/);
        assert.match(issued.stderr, /shown only this once/);
        assert.equal(admin('nonsense').status, 2);
        child = spawn(process.execPath, [resolve(root, 'dist/feed.js'), '--port', '0', '--db', db, '--no-seed'], {
          cwd: root,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        const ready = JSON.parse(await firstLine(child, 15000)) as { url: string; tokens: Record<string, string> };
        assert.deepEqual(ready.tokens, {});
        const me = await fetch(`${ready.url}/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
        assert.deepEqual(await me.json(), { user: { id: 'ana', name: 'ana' }, role: 'lead', projects: ['web'] });
      } finally {
        child?.kill();
        rmSync(dir, { recursive: true, force: true });
      }
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

    it('starts on PostgreSQL with --db postgres://..., with the same ready line', async function () {
      this.timeout(60_000);
      const db = await POSTGRES.freshDb();
      child = spawn(process.execPath, [resolve(root, 'dist/feed.js'), '--port', '0', '--db', db!], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const ready = JSON.parse(await firstLine(child, 15000)) as { url: string; tokens: Record<string, string>; projects: string[] };
      assert.deepEqual(Object.keys(ready).sort(), ['adminToken', 'instance', 'leads', 'projects', 'tokens', 'url']);
      assert.deepEqual(ready.projects, ['acme-payments']);
      const me = await fetch(`${ready.url}/v1/me`, {
        headers: { Authorization: `Bearer ${ready.tokens.lee}` },
        signal: AbortSignal.timeout(5000),
      });
      assert.equal(me.status, 200);
      const users = await query<{ id: string }>(db!, 'SELECT id FROM users ORDER BY id');
      assert.deepEqual(
        users.map((u) => u.id),
        ['ci', 'dana', 'devon', 'lee'],
        'the demo seed went into that database',
      );
    });

    it('exits with a message naming the database, without its password, when PostgreSQL cannot be reached', async () => {
      child = spawn(process.execPath, [resolve(root, 'dist/feed.js'), '--port', '0', '--db', 'postgres://feed:s3cret@127.0.0.1:1/feed'], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const failed = firstLine(child, 15000);
      await assert.rejects(
        failed,
        /exited with 2[\s\S]*could not start: could not open the PostgreSQL database postgres:\/\/feed:\*\*\*@127\.0\.0\.1:1\/feed: .*ECONNREFUSED/,
      );
      await failed.catch((err: Error) => assert.doesNotMatch(err.message, /s3cret/));
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
