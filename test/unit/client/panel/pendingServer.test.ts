import * as assert from 'node:assert/strict';
import { pendingPanelServer } from '../../../../src/client/panel/pendingServer';
import type { PanelServer } from '../../../../src/client/panel/panelServer';
import { ServerNotRunning } from '../../../../src/client/panel/serverCalls';

describe('the panel server before and after the connection exists', () => {
  const connected: PanelServer = {
    isRunning: () => true,
    getFinding: async (id) => (id === 'F-1' ? ({ finding: { id } } as never) : null),
    getMe: async () => null,
    listTriage: async () => ({ decisions: [] }),
    submitTriage: async (params) => ({ queued: params.findingId }) as never,
    submitReview: async () => ({}) as never,
  };

  it('is not running, and every request fails with the not-running sentence, until the connection is there', async () => {
    const server = pendingPanelServer(() => undefined);
    assert.equal(server.isRunning(), false);
    await assert.rejects(server.getFinding('F-1'), ServerNotRunning);
    await assert.rejects(server.getMe(), ServerNotRunning);
    await assert.rejects(server.listTriage({ state: 'all' }), ServerNotRunning);
  });

  it('then answers with the connection: its running state and its requests', async () => {
    let current: PanelServer | undefined;
    const server = pendingPanelServer(() => current);
    current = { ...connected, isRunning: () => false };
    assert.equal(server.isRunning(), false);
    current = connected;
    assert.equal(server.isRunning(), true);
    assert.deepEqual(await server.getFinding('F-1'), { finding: { id: 'F-1' } });
    assert.equal(await server.getFinding('F-2'), null);
    assert.deepEqual(await server.listTriage({ state: 'pending' }), { decisions: [] });
  });
});
