/**
 * The server is offered to any LSP editor: every custom message's params, and its initialization
 * options, are parsed at the door. A bad request is answered InvalidParams naming the field, and
 * nothing is done; a bad part of the initialization options is named and costs only itself.
 */
import * as assert from 'node:assert/strict';
import { ResponseError } from 'vscode-languageserver-protocol';
import * as protocol from '../../src/shared/protocol';
import { ServerUnderTest } from './lspClient';
import { PROJECT, seedFindings, startWorld, WORKSPACE, type World } from './world';

const INVALID_PARAMS = -32602;

/** The error `request` was answered with; fails when it was answered with a result. */
async function refusedWith(request: Promise<unknown>): Promise<ResponseError<unknown>> {
  try {
    const result = await request;
    assert.fail(`answered with a result instead of an error: ${JSON.stringify(result)}`);
  } catch (e) {
    assert.ok(e instanceof ResponseError, String(e));
    return e;
  }
}

describe('language server over stdio, at the door', function () {
  this.timeout(60_000);
  const seed = seedFindings();
  let world: World;
  before(async () => {
    world = await startWorld();
    await world.server.waitForState('upToDate');
  });
  after(() => world?.stop());

  const send = (method: string, params: unknown) => world.server.connection.sendRequest(method, params);
  const finding = () => seed[0]!.id;
  const cases: Array<{ method: string; params: () => unknown; field: RegExp }> = [
    { method: protocol.getFinding.method, params: () => ({ id: 42 }), field: /\bid: .*expected string/ },
    { method: protocol.getFinding.method, params: () => ({ id: 'x'.repeat(513) }), field: /\bid: .*512/ },
    {
      method: protocol.submitTriage.method,
      params: () => ({ findingId: finding(), action: 'delete', reason: 'will_fix', comment: '' }),
      field: /\baction: /,
    },
    {
      method: protocol.submitTriage.method,
      params: () => ({ findingId: finding(), action: 'acknowledge', reason: 'will_fix', comment: 'x'.repeat(10_001) }),
      field: /\bcomment: .*10000/,
    },
    {
      method: protocol.submitTriage.method,
      params: () => ({ action: 'acknowledge', reason: 'will_fix', comment: '' }),
      field: /\bfindingId: /,
    },
    { method: protocol.submitReview.method, params: () => ({ decisionId: '', decision: 'approve', comment: '' }), field: /\bdecisionId: / },
    { method: protocol.submitReview.method, params: () => ({ decisionId: 'd-1', decision: 'maybe', comment: '' }), field: /\bdecision: / },
    { method: protocol.listTriage.method, params: () => ({ state: 'everything' }), field: /\bstate: / },
    { method: protocol.listTriage.method, params: () => ({ status: 'pending' }), field: /\bstate: / },
  ];
  for (const { method, params, field } of cases) {
    it(`refuses ${method} ${JSON.stringify(params()).slice(0, 80)} with InvalidParams naming the field`, async () => {
      const outboxes = world.server.outboxes.length;
      const error = await refusedWith(send(method, params()));
      assert.equal(error.code, INVALID_PARAMS);
      assert.match(error.message, new RegExp(`^${method}: invalid params, nothing was done`));
      assert.match(error.message, field);
      assert.equal(world.server.outboxes.length, outboxes, 'nothing was queued');
    });
  }

  it('answers the same requests well formed, after refusing them', async () => {
    assert.equal(((await send(protocol.getFinding.method, { id: finding() })) as protocol.FindingDetails).finding.id, finding());
    const receipt = (await send(protocol.submitTriage.method, {
      findingId: finding(),
      action: 'acknowledge',
      reason: 'will_fix',
      comment: 'fixed in the next release',
    })) as protocol.TriageReceipt;
    assert.equal(receipt.state, 'queued');
  });

  it('drops a setToken it cannot read, says so without the token, and keeps the token it has', async () => {
    const logs = world.server.logs.length;
    await world.server.connection.sendNotification(protocol.setToken.method, { token: 12345 });
    await world.server.connection.sendNotification(protocol.setToken.method, { token: `secret-${'x'.repeat(5000)}` });
    const said = await world.server.waitFor('the refusals logged', () => {
      const lines = world.server.logs.slice(logs).filter((l) => l.startsWith(`${protocol.setToken.method}: invalid params`));
      return lines.length === 2 && lines;
    });
    assert.match(said[0]!, /token: .*expected string/);
    assert.match(said[1]!, /token: .*4096/);
    assert.ok(!said.join('\n').includes('secret-'), 'the value sent is never logged');
    const result = await world.server.syncNow();
    assert.equal(result.ok, true, `still signed in: ${result.message}`);
  });
});

describe('language server over stdio, with bad initialization options', function () {
  this.timeout(60_000);

  it('names each bad part, uses the defaults for it, and runs with the rest', async () => {
    const server = await ServerUnderTest.start({
      workspaceUri: WORKSPACE.toString(),
      settings: { feedUrl: 'https://feed.example', project: PROJECT },
      storagePath: 42 as unknown as string,
    });
    try {
      const problems = await server.waitFor('the problems reported', () => server.problems[0]);
      assert.deepEqual(
        problems.problems.map((p) => p.split(':')[0]),
        ['initializationOptions.storagePath'],
      );
      assert.match(problems.problems[0]!, /nothing is cached and no decision can be queued/);
      const status = await server.waitForState('noToken');
      assert.equal(status.counts.total, 0);
    } finally {
      await server.stop();
    }
  });

  it('names a bad setting among them, and an empty storage folder', async () => {
    const server = await ServerUnderTest.start({
      workspaceUri: WORKSPACE.toString(),
      settings: { feedUrl: 'https://feed.example', project: PROJECT, pollInterval: 'soon' as unknown as number },
      storagePath: '',
    });
    try {
      const problems = await server.waitFor('the problems reported', () => server.problems[0]);
      assert.deepEqual(problems.problems.map((p) => p.split(':')[0]).sort(), [
        'findingsLens.pollInterval',
        'initializationOptions.storagePath',
      ]);
    } finally {
      await server.stop();
    }
  });
});
