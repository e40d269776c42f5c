import { strict as assert } from 'node:assert';
import { FeedClient } from '../../../../src/server/feed/client';
import { FirstLook, findingsOfPaths } from '../../../../src/server/sync/firstLook';
import { makeFinding } from '../makeFinding';

const page = (findings: unknown[]) => ({ findings, nextCursor: 'more', syncToken: 't' });

/** A client whose fetch records each URL and answers `answer(url)`. */
function clientAnswering(answer: (url: URL) => unknown): { client: FeedClient; urls: URL[] } {
  const urls: URL[] = [];
  const fetchImpl = (async (input: URL) => {
    urls.push(new URL(input.href));
    return new Response(JSON.stringify(answer(input)), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;
  return { client: new FeedClient({ baseUrl: 'http://127.0.0.1:1', token: 't0k', timeoutMs: 1000, fetchImpl }), urls };
}

/** A first look keeping ids, recording what it shows and logs. */
function lookWith(client: FeedClient): { look: FirstLook<string>; shown: string[][]; logs: string[] } {
  const shown: string[][] = [];
  const logs: string[] = [];
  const look = new FirstLook<string>({
    client,
    project: 'p',
    signal: new AbortController().signal,
    keep: (f) => f.id,
    show: async (found) => void shown.push(found),
    log: (_level, message) => logs.push(message),
  });
  return { look, shown, logs };
}

describe('server: the open files first (firstLook)', () => {
  const a = makeFinding({ id: 'a', location: { path: 'src/a.ts', startLine: 1 } });
  const b = makeFinding({ id: 'b', location: { path: 'src/b.ts', startLine: 2 } });
  const c = makeFinding({ id: 'c', location: { path: 'src/a.ts', startLine: 3 } });

  it('keeps only the findings of the files asked for, as a feed that ignores the filter answers everything', () => {
    const kept = findingsOfPaths([a, b, c, { id: 'bad', location: { path: 'src/a.ts' } }], new Set(['src/a.ts']), (f) => f.id);
    assert.deepEqual(kept, ['a', 'c'], 'b is of another file; the invalid one waits for the full sync, which counts it');
  });

  it('asks for each open path once, one page with the path filter, and shows what came', async () => {
    const { client, urls } = clientAnswering(() => page([a, b, c]));
    const { look, shown } = lookWith(client);
    look.ask(['src/a.ts']);
    look.ask(['src/a.ts', 'src/b.ts']);
    await look.settled();
    assert.deepEqual(
      urls.map((u) => [u.pathname, u.searchParams.getAll('path'), u.searchParams.get('limit')]),
      [
        ['/v1/projects/p/findings', ['src/a.ts'], '1000'],
        ['/v1/projects/p/findings', ['src/b.ts'], '1000'],
      ],
    );
    assert.deepEqual(shown, [['a', 'c'], ['b']]);
  });

  it('shows nothing once the full sync is taken, and a failed look only logs', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const { client } = clientAnswering(() => page([a]));
    const slow = Object.assign(Object.create(client) as FeedClient, {
      findingsPage: async (...args: Parameters<FeedClient['findingsPage']>) => {
        await held;
        return client.findingsPage(...args);
      },
    });
    const { look, shown } = lookWith(slow);
    look.ask(['src/a.ts']);
    look.end();
    look.ask(['src/b.ts']);
    release();
    await look.settled();
    assert.deepEqual(shown, [], 'the full sync came first');

    const failed = lookWith(clientAnswering(() => ({ not: 'a page' })).client);
    const failing = failed.look;
    failing.ask(['src/a.ts']);
    await failing.settled();
    assert.deepEqual(failed.shown, []);
    assert.ok(failed.logs.some((l) => /first look at the open files failed/.test(l)));
  });

  it('asks for 50 paths at most in one sync, as the feed takes', async () => {
    const { client, urls } = clientAnswering(() => page([]));
    const look = new FirstLook({
      client,
      project: 'p',
      signal: new AbortController().signal,
      keep: (f) => f,
      show: async () => undefined,
      log: () => undefined,
    });
    look.ask(Array.from({ length: 60 }, (_, i) => `f${i}.ts`));
    look.ask(['late.ts']);
    await look.settled();
    assert.deepEqual(
      urls.map((u) => u.searchParams.getAll('path').length),
      [50],
    );
  });

  describe('the head start the full listing gives it (answered)', () => {
    /** A client whose look waits for `release` before the feed answers. */
    function heldClient(answer: () => unknown) {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const { client } = clientAnswering(answer);
      const slow = Object.assign(Object.create(client) as FeedClient, {
        findingsPage: async (...args: Parameters<FeedClient['findingsPage']>) => {
          await held;
          return client.findingsPage(...args);
        },
      });
      return { client: slow, release };
    }
    const settledYet = async (promise: Promise<void>) => {
      let settled = false;
      void promise.then(() => (settled = true));
      // Every continuation already due runs before this one.
      await new Promise((resolve) => setImmediate(resolve));
      return settled;
    };

    it('is given at once when no look was asked (no open file)', async () => {
      const { look } = lookWith(clientAnswering(() => page([])).client);
      assert.equal(await settledYet(look.answered(60_000)), true);
    });

    it("lasts until the look's answer is in hand, and it is shown then", async () => {
      const { client, release } = heldClient(() => page([a]));
      const { look, shown } = lookWith(client);
      look.ask(['src/a.ts']);
      const answered = look.answered(60_000);
      assert.equal(await settledYet(answered), false, 'the feed has not answered');
      release();
      await answered;
      assert.deepEqual(shown, [['a']], 'shown by the time the listing may start');
    });

    it('ends when the look fails, or after the cap when the feed keeps it waiting', async () => {
      const failed = lookWith(clientAnswering(() => ({ not: 'a page' })).client);
      failed.look.ask(['src/a.ts']);
      await failed.look.answered(60_000);
      assert.ok(failed.logs.some((l) => /first look at the open files failed/.test(l)));

      const { client, release } = heldClient(() => page([a]));
      const { look, shown } = lookWith(client);
      look.ask(['src/a.ts']);
      await look.answered(30);
      assert.deepEqual(shown, [], 'the cap ran out before the answer');
      release();
      await look.settled();
    });
  });
});
