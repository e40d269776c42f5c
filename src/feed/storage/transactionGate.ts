/**
 * One SQLite connection serves the whole feed, so its transactions take turns: each waits for the
 * ones that asked before it. Reads outside a transaction wait too, since on the one connection
 * they would see a running transaction's rows before it commits.
 */
export class TransactionGate {
  private tail: Promise<void> = Promise.resolve();
  private queued = 0;

  /** Runs `work` once every transaction that asked before it has ended. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const before = this.tail;
    let done!: () => void;
    this.tail = new Promise<void>((resolve) => (done = resolve));
    this.queued++;
    try {
      await before;
      return await work();
    } finally {
      this.queued--;
      done();
    }
  }

  /** Runs `read` at a moment when no transaction is running or waiting. */
  whenIdle<T>(read: () => T): Promise<T> {
    if (this.queued > 0) return this.tail.then(() => this.whenIdle(read));
    try {
      return Promise.resolve(read());
    } catch (err) {
      return Promise.reject(err);
    }
  }
}
