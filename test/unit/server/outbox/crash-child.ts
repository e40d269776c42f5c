/**
 * A window that is killed mid-send: opens the outbox, queues one decision, and says on stdout
 * `sending <key>` as its POST leaves. The parent test kills it with SIGKILL while the POST hangs.
 * Arguments: <outbox dir> <feed url> <token> <finding id> <if-match>.
 */
import { FeedClient } from '../../../../src/server/feed/client';
import { Outbox } from '../../../../src/server/outbox/outbox';

async function main(): Promise<void> {
  const [dir, baseUrl, token, findingId, ifMatch] = process.argv.slice(2) as [string, string, string, string, string];
  const announcing: typeof fetch = (input, init) => {
    const key = new Headers(init?.headers).get('idempotency-key');
    if (key) process.stdout.write(`sending ${key}\n`);
    return fetch(input, init);
  };
  const client = new FeedClient({ baseUrl, token, timeoutMs: 60_000, fetchImpl: announcing });
  const outbox = await Outbox.open({ dir, client: () => client, onChange: () => undefined, log: () => undefined, lockStaleMs: 60_000 });
  await outbox.enqueueTriage({ findingId, action: 'acknowledge', reason: 'will_fix', comment: 'crash', ifMatch });
}

void main();
