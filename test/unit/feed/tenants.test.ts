/**
 * Tenants: a user sees only their organization's projects. Every /v1 endpoint is tried across
 * organizations, on SQLite, PostgreSQL and two instances: what belongs to another organization
 * answers exactly as what does not exist (404), and nothing is written. The endpoints are taken
 * from the router's own table, so an endpoint added without a case here fails this test.
 */
import { strict as assert } from 'node:assert';
import { V1_ROUTES, type V1Route } from '../../../src/feed/routes';
import type { SeedFile } from '../../../src/feed/seed';
import type { RunningFeed } from '../../../src/feed/server';
import { ALL_BACKENDS, describeOnBackends } from './backends';
import { admin, call, type JsonAnswer, smallSeed, startTestFeed, triage } from './helpers';

/** smallSeed's acme (p1, p2, dana, lee, olga) and a second organization, globex: project g1, lead gail, uploader gci. */
function twoOrganizations(): SeedFile {
  const seed = smallSeed(3);
  seed.organizations = [{ id: 'acme' }, { id: 'globex' }];
  for (const u of seed.users) u.org = 'acme';
  for (const p of seed.projects) p.org = 'acme';
  seed.users.push(
    { id: 'gail', name: 'Gail Globex', role: 'lead', org: 'globex', token: 'test-token-gail' },
    { id: 'gci', name: 'Globex CI', role: 'uploader', org: 'globex', token: 'test-token-gci' },
  );
  seed.projects.push({ id: 'g1', name: 'Globex one', org: 'globex', members: ['gail', 'gci'] });
  seed.findings!.push({ ...seed.findings![0]!, id: 'g-f1', project: 'g1' });
  return seed;
}

interface Probe {
  /** The request for another organization's thing, and the same request for a thing that does not exist. */
  foreign: string;
  missing: string;
  body?: unknown;
  /** Whose token asks: globex's lead, or (for uploads) globex's uploader. */
  as?: 'gail' | 'gci';
}

const KEY = { 'Idempotency-Key': 'tenant-probe', 'If-Match': '1' };

/** One case per route, by `METHOD template`; `decision` is a decision of acme's p1. */
function probes(decision: string): Record<string, Probe> {
  return {
    'GET /v1/projects/{project}/findings': { foreign: '/v1/projects/p1/findings', missing: '/v1/projects/nope/findings' },
    'GET /v1/projects/{project}/triage': { foreign: '/v1/projects/p1/triage', missing: '/v1/projects/nope/triage' },
    'GET /v1/projects/{project}/events': { foreign: '/v1/projects/p1/events', missing: '/v1/projects/nope/events' },
    'POST /v1/findings/{finding}/triage': {
      foreign: '/v1/findings/f2/triage',
      missing: '/v1/findings/nope/triage',
      body: { action: 'acknowledge', reason: 'will_fix' },
    },
    'POST /v1/projects/{project}/analyses': {
      foreign: '/v1/projects/p1/analyses?category=ci&ref=refs/heads/main&commit=0123456789abcdef0123456789abcdef01234567',
      missing: '/v1/projects/nope/analyses?category=ci&ref=refs/heads/main&commit=0123456789abcdef0123456789abcdef01234567',
      body: { version: '2.1.0', runs: [] },
      as: 'gci',
    },
    'POST /v1/triage/{decision}/review': {
      foreign: `/v1/triage/${decision}/review`,
      missing: '/v1/triage/nope/review',
      body: { decision: 'reject', comment: 'not yours' },
    },
  };
}

const routeName = (r: V1Route) => `${r.method} ${r.template}`;

describeOnBackends('feed: tenants', ALL_BACKENDS, function (backend) {
  // Each test starts feeds (migrations, a LISTEN connection on PostgreSQL): on a loaded machine that takes more than 2 s.
  this.timeout(15_000);
  let feed: RunningFeed;
  let decision: string;
  before(async () => {
    feed = await startTestFeed(backend, { seed: twoOrganizations() });
    decision = (await triage(feed, 'dana', 'f1', { action: 'acknowledge', reason: 'will_fix' }, { key: 'd1', ifMatch: '1' })).body.decision
      .id;
  });
  after(async () => {
    await feed.close();
  });

  async function state(): Promise<unknown> {
    return (await admin(feed).get('/__admin/state')).body;
  }

  function send(token: string, route: V1Route, path: string, body: unknown): Promise<JsonAnswer> {
    return call(feed, token, route.method, path, { body, headers: route.method === 'POST' ? KEY : {} });
  }

  it('has a cross-tenant case for every endpoint of the router', () => {
    const cases = new Set([...Object.keys(probes('x')), 'GET /v1/me']);
    const missing = V1_ROUTES.map(routeName).filter((name) => !cases.has(name));
    assert.deepEqual(missing, [], `endpoints without a cross-tenant test: add them to probes() in ${__filename}`);
    for (const route of V1_ROUTES) assert.ok(route.names === 'nothing' || probes('x')[routeName(route)], routeName(route));
  });

  it("answers another organization's project, finding or decision exactly as one that does not exist, and writes nothing", async () => {
    const before = await state();
    for (const route of V1_ROUTES.filter((r) => r.names !== 'nothing')) {
      const probe = probes(decision)[routeName(route)]!;
      const token = feed.tokens[probe.as ?? 'gail']!;
      const foreign = await send(token, route, probe.foreign, probe.body);
      const missing = await send(token, route, probe.missing, probe.body);
      assert.equal(foreign.status, 404, `${routeName(route)}: ${foreign.text}`);
      assert.equal(foreign.body.error.code, 'not_found');
      const id = (path: string) => decodeURIComponent(path.split('/')[3]!);
      assert.equal(foreign.text.replace(id(probe.foreign), 'ID'), missing.text.replace(id(probe.missing), 'ID'), routeName(route));
      assert.equal(foreign.headers.get('content-type'), missing.headers.get('content-type'));
    }
    assert.deepEqual(await state(), before, 'nothing was written');
  });

  it("lists only the user's own organization's projects in /v1/me", async () => {
    assert.deepEqual((await call(feed, feed.tokens.gail, 'GET', '/v1/me')).body.projects, ['g1']);
    assert.deepEqual((await call(feed, feed.tokens.dana, 'GET', '/v1/me')).body.projects, ['p1']);
  });

  it('keeps answering 403 to a member of the same organization who is not in the project', async () => {
    assert.equal((await call(feed, feed.tokens.olga, 'GET', '/v1/projects/p1/findings')).status, 403);
  });

  it('lets an uploader token call nothing but /v1/me and uploads: 403 on its own project too', async () => {
    const allowed: string[] = [];
    for (const route of V1_ROUTES) {
      const path = route.template.replace('{project}', 'g1').replace('{finding}', 'g-f1').replace('{decision}', 'nope');
      const answer = await send(feed.tokens.gci!, route, path, route.method === 'POST' ? {} : undefined);
      if (route.roles.includes('uploader')) {
        // Past the role check: /v1/me answers, an upload without its query is refused for that, not for the role.
        assert.notEqual(answer.status, 403, `${routeName(route)}: ${answer.text}`);
        allowed.push(routeName(route));
      } else assert.deepEqual([answer.status, answer.body.error.code], [403, 'forbidden'], routeName(route));
    }
    assert.deepEqual(allowed, ['GET /v1/me', 'POST /v1/projects/{project}/analyses']);
  });
});
