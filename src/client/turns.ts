/**
 * The next turn of the extension host's event loop: what comes after it runs once the editor's
 * pending work (other extensions, its own messages) had its chance, so that no one step of ours
 * holds the thread long (see extension.ts's start-up).
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
