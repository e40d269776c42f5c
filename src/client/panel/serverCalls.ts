/** The server requests the panel and the tree make, each failing with a sentence a user can act on. */
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Me } from '../../shared/feed';
import { getMe } from '../../shared/protocol';

export class ServerNotRunning extends Error {
  constructor() {
    super('The Findings Lens server is not running. Nothing was changed; see Findings Lens in the Output panel.');
  }
}

/** Sends a request only when the server runs, so an action fails at once instead of hanging. */
export function ensureRunning(client: LanguageClient): void {
  if (!client.isRunning()) throw new ServerNotRunning();
}

/** Who the user is, or null when unknown (no token yet, offline, or the server is down). */
export async function whoAmI(client: LanguageClient): Promise<Me | null> {
  if (!client.isRunning()) return null;
  try {
    return await client.sendRequest(getMe);
  } catch {
    return null;
  }
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
