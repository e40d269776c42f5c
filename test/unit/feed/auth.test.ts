import { strict as assert } from 'node:assert';
import type { RunningFeed } from '../../../src/feed/server';
import { ALL_BACKENDS, describeOnBackends } from './backends';
import { call, startTestFeed } from './helpers';

describeOnBackends('feed: authentication and access', ALL_BACKENDS, (backend) => {
  let feed: RunningFeed;
  before(async () => {
    feed = await startTestFeed(backend);
  });
  after(async () => {
    await feed.close();
  });

  it('answers 401 with a JSON error without a token or with a bad one', async () => {
    for (const token of [undefined, 'fl_not-a-real-token']) {
      const answer = await call(feed, token, 'GET', '/v1/me');
      assert.equal(answer.status, 401);
      assert.equal(answer.body.error.code, 'unauthorized');
      assert.equal(typeof answer.body.error.message, 'string');
    }
  });

  it('never accepts the admin token on /v1, nor a user token on /__admin', async () => {
    assert.equal((await call(feed, feed.adminToken, 'GET', '/v1/me')).status, 401);
    assert.equal((await call(feed, feed.tokens.lee, 'GET', '/__admin/state')).status, 401);
  });

  it('tells a user who they are, their role and their projects', async () => {
    const dana = await call(feed, feed.tokens.dana, 'GET', '/v1/me');
    assert.deepEqual(dana.body, { user: { id: 'dana', name: 'Dana Developer' }, role: 'developer', projects: ['p1'] });
    const lee = await call(feed, feed.tokens.lee, 'GET', '/v1/me');
    assert.equal(lee.body.role, 'lead');
    assert.deepEqual(feed.leads, ['lee']);
  });

  it('answers 404 for an unknown project and 403 for a project the user is not in', async () => {
    const unknown = await call(feed, feed.tokens.dana, 'GET', '/v1/projects/nope/findings');
    assert.equal(unknown.status, 404);
    const foreign = await call(feed, feed.tokens.dana, 'GET', '/v1/projects/p2/findings');
    assert.equal(foreign.status, 403);
    assert.equal(foreign.body.error.code, 'forbidden');
  });

  it('answers 403 to a triage of a finding in a project the user is not in', async () => {
    const answer = await call(feed, feed.tokens.olga, 'POST', '/v1/findings/f1/triage', {
      body: { action: 'acknowledge', reason: 'will_fix' },
      headers: { 'Idempotency-Key': 'olga-1', 'If-Match': '1' },
    });
    assert.equal(answer.status, 403);
  });

  it('refuses an upload token (role uploader) everything but uploads and /v1/me: it cannot read or decide on findings', async () => {
    assert.equal((await call(feed, feed.tokens.ci, 'GET', '/v1/me')).status, 200, 'a CI pipeline may check its token');
    const requests: Array<[string, string, Record<string, string>?]> = [
      ['GET', '/v1/projects/p1/findings'],
      ['GET', '/v1/projects/p1/triage'],
      ['POST', '/v1/findings/f1/triage', { 'Idempotency-Key': 'ci-1', 'If-Match': '1' }],
    ];
    for (const [method, path, headers] of requests) {
      const answer = await call(feed, feed.tokens.ci, method, path, {
        ...(method === 'POST' ? { body: { action: 'acknowledge', reason: 'will_fix' } } : {}),
        headers,
      });
      assert.equal(answer.status, 403, `${method} ${path}`);
      assert.match(answer.body.error.message, /upload token \(role uploader\): it may only upload analyses/);
    }
    assert.equal((await call(feed, feed.tokens.dana, 'GET', '/v1/projects/p1/findings')).status, 200, 'a developer still may');
  });

  it('answers 404 with a JSON error for an unknown endpoint', async () => {
    const answer = await call(feed, feed.tokens.dana, 'GET', '/v1/nothing-here');
    assert.equal(answer.status, 404);
    assert.equal(answer.body.error.code, 'not_found');
  });
});
