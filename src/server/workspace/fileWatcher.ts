/**
 * Asks the editor to tell the server when the workspace's files change on disk
 * (`workspace/didChangeWatchedFiles`), so that closed files are anchored again when they change
 * (see views/closedFiles.ts). VS Code watches the workspace already; this only forwards its events.
 */
import { DidChangeWatchedFilesNotification, type Connection } from 'vscode-languageserver';

/** Resolves true once the editor took the watcher; false when it refused (then closed files are looked at after every sync, as logged). */
export async function watchWorkspaceFiles(
  connection: Pick<Connection, 'client'>,
  log: (level: 'warn', message: string) => void,
): Promise<boolean> {
  try {
    await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] });
    return true;
  } catch (e) {
    log(
      'warn',
      `the editor did not take a file watcher (${(e as Error)?.message ?? String(e)}); closed files are checked for changes after each sync instead`,
    );
    return false;
  }
}
