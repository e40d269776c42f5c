/**
 * The panel's server before and after the connection exists: the language client loads just after
 * activation (connection.ts), while the panel can be restored at once. Until it is there the
 * server is "not running", and each request fails with the sentence ensureRunning would give.
 */
import type { PanelServer } from './panelServer';
import { ServerNotRunning } from './serverCalls';

export function pendingPanelServer(current: () => PanelServer | undefined): PanelServer {
  const server = (): PanelServer => {
    const s = current();
    if (!s) throw new ServerNotRunning();
    return s;
  };
  return {
    isRunning: () => current()?.isRunning() ?? false,
    getFinding: async (id) => server().getFinding(id),
    getMe: async () => server().getMe(),
    listTriage: async (params) => server().listTriage(params),
    submitTriage: async (params) => server().submitTriage(params),
    submitReview: async (params) => server().submitReview(params),
  };
}
