import * as assert from 'node:assert/strict';
import type { OutboxEntryView } from '../../../../src/shared/protocol';
import type { AcceptedDecision } from '../../../../src/server/decisions/decisionPatch';
import { OutboxTurns, SessionOutbox, outboxTarget } from '../../../../src/server/decisions/sessionOutbox';
import type { OutboxEntry } from '../../../../src/server/outbox/entry';
import type { Outbox, OutboxOptions } from '../../../../src/server/outbox/outbox';
import { makeDecision } from '../makeFinding';

const view = (e: OutboxEntry): OutboxEntryView => ({
  id: e.id,
  kind: e.kind,
  targetId: e.targetId,
  findingId: e.findingId,
  state: e.state,
  attempts: e.attempts,
  queuedAt: e.queuedAt,
});

/**
 * A stand-in for Outbox.open: records opens and closes in `events`, lets the test change the
 * entries, and opens only once `opened` is called (an open takes a while: what is asked meanwhile waits).
 */
function fakeOutboxes(events: string[]) {
  const open = new Map<string, { opts: OutboxOptions; entries: OutboxEntry[] }>();
  let letOpen: () => void = () => undefined;
  let gate = new Promise<void>((resolve) => (letOpen = resolve));
  const openFn = async (opts: OutboxOptions): Promise<Outbox> => {
    events.push(`open ${opts.dir}`);
    await gate;
    const state = { opts, entries: [] as OutboxEntry[] };
    open.set(opts.dir, state);
    return {
      entries: () => state.entries.map(view),
      entry: (id: string) => state.entries.find((e) => e.id === id),
      dispose: async () => {
        events.push(`close ${opts.dir}`);
        open.delete(opts.dir);
      },
    } as unknown as Outbox;
  };
  /** The outbox in `dir` says its entries changed. */
  const emit = (dir: string, entries: OutboxEntry[]) => {
    const state = open.get(dir)!;
    state.entries = entries;
    state.opts.onChange(entries.map(view));
  };
  /** Lets every open waiting, and every later one, finish. */
  const opened = () => {
    letOpen();
    gate = Promise.resolve();
  };
  return { openFn, emit, opened, isOpen: (dir: string) => open.has(dir) };
}

function synced(id: string, findingId: string): OutboxEntry {
  return {
    id,
    kind: 'triage',
    targetId: findingId,
    findingId,
    state: 'synced',
    attempts: 1,
    nextAttemptAt: 0,
    queuedAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    body: { action: 'acknowledge', reason: 'will_fix', comment: '' },
    ifMatch: '3',
    result: makeDecision({ id: `d-${id}`, findingId }),
  } as OutboxEntry;
}

/** Waits (turns of the event loop, at most 1,000) until `check` holds. */
async function until(check: () => boolean): Promise<void> {
  for (let turn = 0; turn < 1000 && !check(); turn++) await new Promise<void>((resolve) => setImmediate(resolve));
  assert.ok(check(), 'waited 1,000 turns in vain');
}

describe("a session's outbox", () => {
  const storagePath = '/storage';
  const target = (project: string) => outboxTarget(storagePath, 'https://feed.example', project);

  it('has no target without a storage folder, a valid feed URL or a project', () => {
    assert.equal(outboxTarget(undefined, 'https://feed.example', 'p'), undefined);
    assert.equal(outboxTarget(storagePath, 'ftp://feed.example', 'p'), undefined);
    assert.equal(outboxTarget(storagePath, 'https://feed.example', ''), undefined);
    assert.equal(target('p')?.feedBase, 'https://feed.example/');
  });

  it("closes one session's outbox before the next one opens, even when the feed comes back before the first finished opening", async () => {
    const events: string[] = [];
    const fake = fakeOutboxes(events);
    const turns = new OutboxTurns();
    const deps = { turns, client: () => undefined, onChange: () => undefined, log: () => undefined, open: fake.openFn };
    const first = new SessionOutbox(target('a'), deps);
    void first.open();
    await until(() => events.length === 1);
    const closed = first.close();
    const second = new SessionOutbox(target('a'), deps);
    void second.open();
    fake.opened();
    await closed;
    const dir = events[0]!.slice('open '.length);
    assert.ok(await second.ready(), 'the second session has its outbox');
    assert.deepEqual(events, [`open ${dir}`, `close ${dir}`, `open ${dir}`]);
    assert.equal(fake.isOpen(dir), true);
  });

  it('hands on each decision the feed accepted once, drops what a closed outbox says late, and tells the client it holds nothing once closed', async () => {
    const events: string[] = [];
    const fake = fakeOutboxes(events);
    const told: Array<{ entries: number; accepted: AcceptedDecision[] }> = [];
    const outbox = new SessionOutbox(target('b'), {
      turns: new OutboxTurns(),
      client: () => undefined,
      onChange: (entries, accepted) => void told.push({ entries: entries.length, accepted }),
      log: () => undefined,
      open: fake.openFn,
    });
    fake.opened();
    await outbox.open();
    const dir = events[0]!.slice('open '.length);
    fake.emit(dir, [synced('e1', 'f1')]);
    fake.emit(dir, [synced('e1', 'f1'), synced('e2', 'f2')]);
    assert.deepEqual(
      told.map((t) => t.accepted.map((a) => [a.decision.findingId, a.ifMatch])),
      [[], [['f1', '3']], [['f2', '3']]],
      'on opening (nothing synced yet), then each result once',
    );
    assert.equal(outbox.newestByFinding().get('f2')?.id, 'e2');

    const closing = outbox.close();
    fake.emit(dir, [synced('e3', 'f3')]);
    await closing;
    assert.deepEqual(told.slice(3), [{ entries: 0, accepted: [] }], 'only the close itself: the list of decisions is empty');
    assert.equal(outbox.current, undefined);
  });
});
