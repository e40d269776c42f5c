/**
 * Background work that yields to the syncs: while a sync runs, the closed files' pass
 * (views/closedFiles.ts) waits at its next pause, so that the sync's answer and the files it
 * re-publishes do not share the event loop with the pass's slices. A sync is short next to the
 * pass (a 100-change sync takes tens of milliseconds; a pass after a 304 reads up to 2,000 files).
 */
export class SyncGate {
  private running: Promise<unknown> | undefined;

  /** Runs `sync` with the gate closed; resolves (or rejects) as it does. */
  during<T>(sync: Promise<T>): Promise<T> {
    const running = sync.finally(() => {
      if (this.running === running) this.running = undefined;
    });
    this.running = running;
    return running;
  }

  /**
   * A pause of the background work: a turn of the event loop, then, while a sync runs, its end and
   * two more turns: the connection writes one message per turn, and the sync's answer and its
   * `syncEnded` go out before the background work takes the event loop again.
   */
  async pause(): Promise<void> {
    await nextTurn();
    if (this.running === undefined) return;
    while (this.running !== undefined) await this.running.catch(() => undefined);
    await nextTurn();
    await nextTurn();
  }
}

function nextTurn(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}
