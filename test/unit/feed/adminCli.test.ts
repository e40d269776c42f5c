/**
 * `node dist/feed.js admin …` in process, on SQLite and PostgreSQL: organizations, users, projects,
 * membership and tokens. A token is printed once and stored only as its hash; revoked or expired,
 * it opens nothing.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expiryOf } from '../../../src/feed/adminCli/args';
import { runAdmin } from '../../../src/feed/adminCli/admin';
import { openFeedStorage } from '../../../src/feed/storage/openStorage';
import { tokenHash } from '../../../src/feed/storage/tokens';
import { describeOnBackends, POSTGRES, SQLITE } from './backends';

describeOnBackends('feed: the admin CLI', [SQLITE, POSTGRES], function (backend) {
  // Each test starts feeds (migrations, a LISTEN connection on PostgreSQL): on a loaded machine that takes more than 2 s.
  this.timeout(15_000);
  let dir: string;
  let db: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'feed-admin-'));
    db = await backend.persistentDb(dir, 'feed.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function admin(...args: string[]): Promise<{ code: number; out: string[]; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runAdmin(['--db', db, ...args], { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err: err.join('\n') };
  }

  async function ok(...args: string[]): Promise<string[]> {
    const done = await admin(...args);
    assert.equal(done.code, 0, `${args.join(' ')}: ${done.err}`);
    return done.out;
  }

  async function userOf(token: string, at?: Date): Promise<string | undefined> {
    const storage = await openFeedStorage(db, () => undefined);
    try {
      return (await storage.accounts.userByToken(token, at))?.id;
    } finally {
      await storage.close();
    }
  }

  it('creates organizations, users and projects, lists them, and keeps members in their organization', async () => {
    await ok('org', 'create', 'acme', '--name', 'ACME Corp');
    await ok('org', 'create', 'globex');
    await ok('user', 'create', 'ana', '--org', 'acme', '--role', 'lead', '--name', 'Ana A');
    await ok('user', 'create', 'ci', '--org', 'acme', '--role', 'uploader');
    await ok('user', 'create', 'gus', '--org', 'globex', '--role', 'developer');
    await ok('project', 'create', 'web', '--org', 'acme', '--members', 'ana,ci');
    assert.deepEqual(await ok('project', 'list'), ['project  name  organization  members', 'web      web   acme          ana,ci']);
    assert.deepEqual((await ok('user', 'list', '--org', 'acme')).slice(1), ['ana   Ana A  lead      acme', 'ci    ci     uploader  acme']);
    const across = await admin('member', 'add', 'web', 'gus');
    assert.equal(across.code, 1);
    assert.match(across.err, /belong to different organizations/);
    assert.equal((await admin('project', 'create', 'web', '--org', 'globex')).code, 1, 'project ids are unique across organizations');
    assert.equal((await admin('user', 'create', 'x', '--org', 'nope', '--role', 'lead')).code, 1);
    assert.equal((await admin('user', 'create', 'x', '--org', 'acme', '--role', 'admin')).code, 2);
    assert.equal((await admin('user', 'create', 'bad id', '--org', 'acme', '--role', 'lead')).code, 2);
    await ok('member', 'remove', 'web', 'ci');
    assert.deepEqual((await ok('project', 'list')).slice(1), ['web      web   acme          ana']);
  });

  it('prints a token once, keeps only its hash, lists it without it, and a revoked token opens nothing', async () => {
    await ok('org', 'create', 'acme');
    await ok('user', 'create', 'ana', '--org', 'acme', '--role', 'developer');
    const issued = await admin('token', 'issue', 'ana', '--label', 'laptop');
    assert.equal(issued.code, 0, issued.err);
    const [token] = issued.out;
    assert.equal(issued.out.length, 1, 'stdout holds the token alone');
    assert.equal(await userOf(token!), 'ana');
    const listed = (await ok('token', 'list', '--user', 'ana')).join('\n');
    assert.ok(!listed.includes(token!), 'the list never shows a token');
    assert.ok(!listed.includes(tokenHash(token!)), 'nor its hash');
    const id = /tok_[A-Za-z0-9_-]+/.exec(listed)![0];
    assert.match(listed, /laptop/);
    await ok('token', 'revoke', id);
    assert.equal(await userOf(token!), undefined);
    assert.equal((await admin('token', 'revoke', id)).code, 1, 'already revoked');
    assert.equal((await admin('token', 'issue', 'nobody')).code, 1);
  });

  it('issues tokens that expire after 90 days unless told otherwise', async () => {
    await ok('org', 'create', 'acme');
    await ok('user', 'create', 'ana', '--org', 'acme', '--role', 'developer');
    const [token] = await ok('token', 'issue', 'ana', '--expires-in', '2h');
    const hour = 3_600_000;
    assert.equal(await userOf(token!, new Date(Date.now() + hour)), 'ana');
    assert.equal(await userOf(token!, new Date(Date.now() + 3 * hour)), undefined, 'expired');
    const [forever] = await ok('token', 'issue', 'ana', '--expires-in', 'never');
    assert.equal(await userOf(forever!, new Date(Date.now() + 10_000 * 24 * hour)), 'ana');
  });
});

describe('feed: the admin CLI, its command line', () => {
  it('computes expiry from --expires-in and --expires, refusing the past and nonsense', () => {
    const now = new Date('2030-01-01T00:00:00.000Z');
    assert.equal(expiryOf({}, now), '2030-04-01T00:00:00.000Z');
    assert.equal(expiryOf({ 'expires-in': '12h' }, now), '2030-01-01T12:00:00.000Z');
    assert.equal(expiryOf({ 'expires-in': 'never' }, now), null);
    assert.equal(expiryOf({ expires: '2031-01-01T00:00:00Z' }, now), '2031-01-01T00:00:00.000Z');
    assert.throws(() => expiryOf({ expires: '2029-01-01T00:00:00Z' }, now), /in the past/);
    assert.throws(() => expiryOf({ 'expires-in': '3w' }, now), /days or hours/);
    assert.throws(() => expiryOf({ 'expires-in': '0d' }, now), /days or hours/);
  });

  it('refuses a missing --db, an unknown flag and an unknown command with the usage (exit 2)', async () => {
    for (const args of [
      ['org', 'list'],
      ['--db', 'x.db', '--force'],
      ['--db', join(tmpdir(), 'never-written.db'), 'frobnicate'],
    ]) {
      const err: string[] = [];
      assert.equal(await runAdmin(args, { out: () => undefined, err: (l) => err.push(l) }), 2, args.join(' '));
      assert.match(err.join('\n'), /usage: node dist\/feed.js admin/);
    }
    rmSync(join(tmpdir(), 'never-written.db'), { force: true });
  });
});
