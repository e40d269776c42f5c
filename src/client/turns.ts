/**
 * The next turn of the extension host's event loop: what comes after it runs once the editor's
 * pending work (other extensions, its own messages) had its chance, so that no one step of ours
 * holds the thread long (see extension.ts's start-up).
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A turn after the editor's messages of this one have left for the window. VS Code queues what an
 * extension asks of the window (diagnostics set, commands registered) and writes it on a
 * `setTimeout` (its ProtocolWriter). A `setImmediate` turn taken from an I/O callback, where
 * activate() runs, comes before that timer: the server's spawn in it held the squiggles kept from
 * the last start back for as long as the spawn took (30–600 ms). A timer set after VS Code's fires
 * after it, as Node runs timers of the same delay in the order they were set.
 */
export function afterEditorWrites(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
