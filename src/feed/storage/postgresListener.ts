/**
 * LISTEN on a connection of its own, for the announcements of every instance on the database
 * (NOTIFY is delivered after the commit, in commit order). The channel is named after the database
 * and schema, so feeds on other schemas of one database do not hear each other. A lost connection
 * is opened again (with a growing wait), and then the listener is told that it may have missed
 * announcements.
 */
import { Client, type ClientConfig } from 'pg';
import type { Listening } from './feedStorage';

/** The channel's name, computed by the database itself (at most 42 characters, whatever the schema's name). */
export const CHANNEL = "'fl_events_' || md5(current_database() || '.' || current_schema())";

const MAX_WAIT_MS = 5_000;

export async function listenPostgres(
  config: ClientConfig,
  log: (line: string) => void,
  onAnnounce: (payload: string) => void,
  onGap: () => void,
): Promise<Listening> {
  let closed = false;
  let client: Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  /** A reconnect under way: close() waits for it, so no connection outlives the listener. */
  let connecting: Promise<void> | undefined;

  async function connect(): Promise<void> {
    const next = new Client(config);
    next.on('error', (err) => lost(next, err));
    next.on('end', () => lost(next, new Error('the connection ended')));
    try {
      await next.connect();
      const channel = (await next.query<{ channel: string }>(`SELECT ${CHANNEL} AS channel`)).rows[0]!.channel;
      next.on('notification', (m) => {
        if (m.channel === channel && m.payload !== undefined) onAnnounce(m.payload);
      });
      await next.query(`LISTEN "${channel}"`);
    } catch (err) {
      // A connection that failed half way is ended here: the retry opens a new one.
      await next.end().catch(() => undefined);
      throw err;
    }
    if (closed) {
      // Closed while this connection was being opened (a reconnect in flight): it must not outlive
      // the listener, or it holds the process (and the database) open.
      next.removeAllListeners('notification');
      await next.end().catch(() => undefined);
      return;
    }
    client = next;
  }

  function lost(which: Client, err: Error): void {
    if (closed || which !== client) return;
    client = undefined;
    log(`the connection that listens for other instances' events was lost (${err.message}); opening another`);
    which.removeAllListeners('notification');
    void which.end().catch(() => undefined);
    reconnect(100);
  }

  function reconnect(waitMs: number): void {
    retry = setTimeout(() => {
      connecting = connect().then(
        () => {
          if (closed) return;
          log('listening for other instances\u2019 events again');
          onGap();
        },
        (err: Error) => {
          if (closed) return;
          log(`could not listen for other instances' events (${err.message}); trying again`);
          reconnect(Math.min(waitMs * 2, MAX_WAIT_MS));
        },
      );
    }, waitMs);
    retry.unref();
  }

  await connect();
  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      await connecting;
      const current = client;
      client = undefined;
      await current?.end().catch(() => undefined);
    },
  };
}
