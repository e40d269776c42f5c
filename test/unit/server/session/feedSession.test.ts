import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { ServerSettings } from '../../../../src/shared/settings';
import { OutboxTurns } from '../../../../src/server/decisions/sessionOutbox';
import { MemoryRelease } from '../../../../src/server/findings/memoryRelease';
import { FeedSession, type SessionEnvironment } from '../../../../src/server/session/feedSession';
import { cachePath, readCache } from '../../../../src/server/storage/cache';
import { ChangeSink } from '../../../../src/server/views/changeSink';
import { DiagnosticsPublisher } from '../../../../src/server/views/publisher';
import { GitBases } from '../../../../src/server/workspace/gitBases';
import { makeFinding } from '../makeFinding';

const FEED = 'https://feed.example';
const PROJECT = 'acme';

/** What a session needs around it, quiet, with its storage in `storagePath` and every log line in `logs`. */
function environment(storagePath: string, logs: string[]): SessionEnvironment {
  const changes = new ChangeSink({
    publisher: new DiagnosticsPublisher(() => undefined),
    diagnostics: () => [],
    isOpen: () => false,
    canRefreshLenses: () => false,
    refreshLenses: () => undefined,
    findingsChanged: () => undefined,
    status: () => undefined,
    outboxChanged: () => undefined,
  });
  return {
    documents: { get: () => undefined },
    storagePath,
    settings: () => ServerSettings.parse({ feedUrl: FEED, project: PROJECT }),
    projectFolder: () => URI.file(path.join(storagePath, 'workspace')),
    gitBases: new GitBases(async () => {
      throw new Error('no git here');
    }),
    feedClient: () => undefined,
    outboxTurns: new OutboxTurns(),
    changes,
    memory: new MemoryRelease({ collect: async () => undefined }),
    log: (level, message) => void logs.push(`${level} ${message}`),
    decisionsAccepted: () => undefined,
    watchesFiles: () => false,
    pushSync: async () => undefined,
    decisionsChanged: () => undefined,
    updatesChanged: () => undefined,
  };
}

describe('a feed session', () => {
  let storagePath: string;
  beforeEach(() => (storagePath = mkdtempSync(path.join(os.tmpdir(), 'fl-session-'))));
  afterEach(() => rmSync(storagePath, { recursive: true, force: true }));

  it('replaced while its cache is being written, keeps its findings whole until the write is over', async () => {
    const logs: string[] = [];
    const session = new FeedSession(FEED, PROJECT, environment(storagePath, logs));
    session.open(Promise.resolve(), []);
    await session.cacheReady;
    const findings = Array.from({ length: 3000 }, (_, i) =>
      makeFinding({ id: `F-${i}`, message: `message ${i} `.repeat(20), location: { path: `src/f${i % 50}.ts`, startLine: 1 + i } }),
    );
    session.store.replaceAll(findings);
    session.sync.cursor = { syncToken: 'after-3000' };
    session.cache.save('all');
    // The write starts on the next turn, reads its snapshot, and goes on in chunks of 500 findings.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const closed = session.close();
    // The write already running goes on after close (it reads the store, kept whole until then).
    await session.cache.idle();
    await closed;
    assert.ok(logs.includes('info findings cache saved (rewritten; 3000 finding(s))'), logs.join('\n'));
    const cached = await readCache(cachePath(storagePath, FEED, PROJECT), FEED, PROJECT);
    assert.ok(cached && !('error' in cached));
    assert.equal(cached.findings.length, 3000);
    assert.equal(cached.findings[2999]!.message, findings[2999]!.message, 'texts read from the session after it was replaced');
    assert.deepEqual(cached.cursor, { syncToken: 'after-3000' });
  });

  it('drops a cache write asked for but not started when it is replaced', async () => {
    const logs: string[] = [];
    const session = new FeedSession(FEED, PROJECT, environment(storagePath, logs));
    session.open(Promise.resolve(), []);
    await session.cacheReady;
    session.store.replaceAll([makeFinding({ id: 'F-1' })]);
    session.sync.cursor = { syncToken: 't' };
    session.cache.save('all');
    await session.close();
    await session.cache.idle();
    assert.equal(await readCache(cachePath(storagePath, FEED, PROJECT), FEED, PROJECT), undefined, 'nothing written');
  });
});
