/**
 * The listening connection of a feed on PostgreSQL never outlives the listener: closed before,
 * during or after the reconnect that follows a lost connection, nothing stays open (a connection
 * left behind keeps the feed's process, and the tests' process, from ever exiting).
 */
import { strict as assert } from 'node:assert';
import { setTimeout as delay } from 'node:timers/promises';
import { CHANNEL, listenPostgres } from '../../../../src/feed/storage/postgresListener';
import { postgresCluster, query } from '../postgresCluster';

describe('feed: the PostgreSQL listener', function () {
  this.timeout(60_000);
  let url: string;
  let channel: string;

  before(async function () {
    url = await (await postgresCluster()).freshSchema();
    [{ channel }] = await query<{ channel: string }>(url, `SELECT ${CHANNEL} AS channel`);
  });

  async function listening(): Promise<number> {
    const rows = await query<{ n: string }>(url, 'SELECT count(*) AS n FROM pg_stat_activity WHERE query = $1', [`LISTEN "${channel}"`]);
    return Number(rows[0]!.n);
  }

  /** Until no connection listens on the channel, or 3 s: a backend leaves pg_stat_activity just after its client ends. */
  async function listenersLeft(): Promise<number> {
    const until = Date.now() + 3_000;
    let n = await listening();
    while (n > 0 && Date.now() < until) {
      await delay(20);
      n = await listening();
    }
    return n;
  }

  it('hears a NOTIFY on its channel', async () => {
    const heard: string[] = [];
    const listener = await listenPostgres(
      { connectionString: url },
      () => undefined,
      (p) => heard.push(p),
      () => undefined,
    );
    try {
      await query(url, 'SELECT pg_notify($1, $2)', [channel, 'hello']);
      const until = Date.now() + 5_000;
      while (heard.length === 0 && Date.now() < until) await delay(10);
      assert.deepEqual(heard, ['hello']);
    } finally {
      await listener.close();
    }
    assert.equal(await listenersLeft(), 0);
  });

  it('leaves no connection open when closed before, during or after the reconnect of a lost connection', async () => {
    // The reconnect starts 100 ms after the loss; closing from 90 to 140 ms after it lands before,
    // inside (a connection being opened) and after it.
    for (let afterMs = 90; afterMs <= 140; afterMs += 5) {
      let sawLoss!: () => void;
      const lostAt = new Promise<void>((resolve) => (sawLoss = resolve));
      const listener = await listenPostgres(
        { connectionString: url },
        (line) => {
          if (/was lost/.test(line)) sawLoss();
        },
        () => undefined,
        () => undefined,
      );
      assert.equal(await listening(), 1, 'one connection listens');
      await query(url, 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = $1', [`LISTEN "${channel}"`]);
      await lostAt;
      await delay(afterMs);
      await listener.close();
      assert.equal(await listenersLeft(), 0, `a connection still listens after close() ${afterMs} ms after the loss`);
    }
  });
});
