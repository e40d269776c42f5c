/** The server requests the panel and the export make, each failing with a sentence a user can act on. */
import type { Me } from '../../shared/feed';
import type { PanelServer } from './panelServer';

export type { PanelServer } from './panelServer';

export class ServerNotRunning extends Error {
  constructor() {
    super('The Findings Lens server is not running. Nothing was changed; see Findings Lens in the Output panel.');
  }
}

/** Sends a request only when the server runs, so an action fails at once instead of hanging. */
export function ensureRunning(server: Pick<PanelServer, 'isRunning'>): void {
  if (!server.isRunning()) throw new ServerNotRunning();
}

/** Who the user is, or null when unknown (no token yet, offline, or the server is down). */
export async function whoAmI(server: Pick<PanelServer, 'isRunning' | 'getMe'>): Promise<Me | null> {
  if (!server.isRunning()) return null;
  try {
    return await server.getMe();
  } catch {
    return null;
  }
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
