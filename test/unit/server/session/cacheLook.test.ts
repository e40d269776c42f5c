import * as assert from 'node:assert/strict';
import { CacheLook } from '../../../../src/server/session/cacheLook';

/** A look whose scan finds one finding per path (its name), recording each scan and what was shown. */
function lookWith(ready: Promise<void> = Promise.resolve()) {
  const scans: string[][] = [];
  const shown: string[][] = [];
  const logs: string[] = [];
  const look = new CacheLook<string>(
    {
      scan: (paths) => {
        scans.push([...paths]);
        return Promise.resolve([...paths]);
      },
      show: (found) => {
        shown.push(found);
        return Promise.resolve();
      },
      log: (_level, message) => logs.push(message),
    },
    ready,
  );
  return { look, scans, shown, logs };
}

/** Resolves after the turn in which the look gathers its paths (it scans on setImmediate). */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the cache first look', () => {
  it('scans the paths asked for within one turn together, each once, and logs what it found', async () => {
    const { look, scans, shown, logs } = lookWith();
    look.ask(['a.ts']);
    look.ask(['b.ts', 'a.ts']);
    await nextTurn();
    await look.settled();
    look.ask(['a.ts', 'c.ts']);
    await nextTurn();
    await look.settled();
    assert.deepEqual(scans, [['a.ts', 'b.ts'], ['c.ts']]);
    assert.deepEqual(shown, [['a.ts', 'b.ts'], ['c.ts']]);
    assert.match(logs[0]!, /^cache first look: 2 finding\(s\) of 2 open file\(s\) in \d+ ms$/);
  });

  it('scans at most 50 paths at a time', async () => {
    const { look, scans } = lookWith();
    look.ask(Array.from({ length: 120 }, (_, i) => `f${i}.ts`));
    await nextTurn();
    await look.settled();
    assert.deepEqual(
      scans.map((s) => s.length),
      [50, 50, 20],
    );
  });

  it('waits for the cache file to be ready before scanning', async () => {
    let release!: () => void;
    const { look, scans } = lookWith(new Promise<void>((resolve) => (release = resolve)));
    look.ask(['a.ts']);
    await nextTurn();
    assert.deepEqual(scans, [], 'the last write is not over');
    release();
    await look.settled();
    assert.deepEqual(scans, [['a.ts']]);
  });

  it('scans nothing once it is over', async () => {
    let release!: () => void;
    const { look, scans, shown } = lookWith(new Promise<void>((resolve) => (release = resolve)));
    look.ask(['a.ts']);
    await nextTurn();
    look.end();
    release();
    await look.settled();
    look.ask(['b.ts']);
    await nextTurn();
    await look.settled();
    assert.deepEqual(scans, []);
    assert.deepEqual(shown, []);
  });

  it('does not show what a scan running when it ended found', async () => {
    let found!: (paths: string[]) => void;
    const shown: string[][] = [];
    const look = new CacheLook<string>(
      {
        scan: () => new Promise<string[]>((resolve) => (found = resolve)),
        show: (f) => {
          shown.push(f);
          return Promise.resolve();
        },
        log: () => undefined,
      },
      Promise.resolve(),
    );
    look.ask(['a.ts']);
    await nextTurn();
    await new Promise<void>((resolve) => setImmediate(resolve));
    assert.ok(found, 'the scan is running');
    look.end();
    found(['a.ts']);
    await look.settled();
    assert.deepEqual(shown, []);
  });
});
